using Grader.Core.Rubrics;

namespace Grader.Evaluation.Tests;

public class ModelEvaluatorTests(FashionMnistFixture fixture) : IClassFixture<FashionMnistFixture>
{
    private static readonly ModelPreprocessing TrainedWith = new() { Mean = [0.2860], Std = [0.3530] };

    private ModelEvaluationRequest Request(byte[]? model = null, ModelPreprocessing? preprocessing = null) =>
        new(model ?? File.ReadAllBytes(fixture.ModelPath), "fashion-mnist", fixture.DataDirectory, preprocessing ?? TrainedWith);

    [FashionMnistFact]
    public async Task Reproduces_PyTorchs_test_accuracy_to_the_image()
    {
        var result = await ModelEvaluator.EvaluateAsync(Request());
        Assert.Equal(10_000, result.Total);
        Assert.Equal(fixture.ExpectedCorrect, result.Correct);
        var perClassCorrect = result.ConfusionMatrix.Select((row, c) => (int)row[c]).ToArray();
        Assert.Equal(fixture.ExpectedPerClassCorrect, perClassCorrect);
    }

    [FashionMnistFact]
    public async Task Records_what_is_needed_to_reproduce_the_mark()
    {
        var result = await ModelEvaluator.EvaluateAsync(Request() with { Limit = 100 });
        Assert.Equal(fixture.Expected.GetProperty("model").GetProperty("sha256").GetString(), result.ModelSha256);
        Assert.Equal(64, result.DatasetSha256.Length);
        Assert.Contains("(cpu)", result.Engine);
        Assert.Equal([1, 28, 28], result.InputShape);
        Assert.Equal(100, result.Total);
    }

    [FashionMnistFact]
    public async Task A_model_that_does_not_fit_the_preprocessed_images_is_a_student_error()
    {
        var request = Request(preprocessing: TrainedWith with { Resize = new PixelSize(32, 32) });
        var failure = await Assert.ThrowsAsync<ModelEvaluationException>(() => ModelEvaluator.EvaluateAsync(request));
        Assert.True(failure.IsStudentError);
        Assert.Contains("model expects 1x28x28, data set gives 1x32x32", failure.Message);
    }

    [FashionMnistFact]
    public async Task Garbage_bytes_are_a_student_error_with_a_message()
    {
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        var failure = await Assert.ThrowsAsync<ModelEvaluationException>(() => ModelEvaluator.EvaluateAsync(Request(garbage)));
        Assert.True(failure.IsStudentError);
        Assert.Contains("could not be loaded", failure.Message);
    }

    [FashionMnistFact]
    public async Task A_data_set_that_is_not_imported_is_an_infrastructure_error()
    {
        var request = Request() with { Dataset = "cifar10" };
        var failure = await Assert.ThrowsAsync<ModelEvaluationException>(() => ModelEvaluator.EvaluateAsync(request));
        Assert.False(failure.IsStudentError);
        Assert.Contains("grader dataset import cifar10", failure.Message);
    }

    [FashionMnistFact]
    public async Task An_evaluation_over_its_time_limit_stops_with_a_clear_message()
    {
        var request = Request() with { TimeLimit = TimeSpan.FromMilliseconds(1), BatchSize = 8 };
        var failure = await Assert.ThrowsAsync<ModelEvaluationException>(() => ModelEvaluator.EvaluateAsync(request));
        Assert.True(failure.IsStudentError);
        Assert.Contains("longer than the limit", failure.Message);
    }

    [FashionMnistFact]
    public async Task Wrong_normalisation_costs_accuracy()
    {
        // Without the mean/std the network was trained with, accuracy drops: the preprocessing is applied.
        var result = await ModelEvaluator.EvaluateAsync(Request(preprocessing: ModelPreprocessing.Default) with { Limit = 2000 });
        Assert.True(result.Accuracy < 0.85, $"accuracy {result.Accuracy}");
    }
}
