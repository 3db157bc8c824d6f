using Grader.Core.Rubrics;
using Grader.Datasets;
using Grader.Server.Workers;

namespace Grader.Server.Tests.Workers;

/// <summary>The gpu queue's evaluator on the real engine and the real Fashion-MNIST test set.</summary>
public sealed class EngineModelEvaluatorTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("grader-engine-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private static byte[] FixtureModel() => File.ReadAllBytes(RepositoryRoot.Fixture("fashion-mnist", "fashion_cnn.onnx"));

    private static readonly ModelRequirement Requirement = new("fashion-mnist", "accuracy", 0.85, null, ["onnx"])
    {
        Preprocessing = new ModelPreprocessing { AllowSubmissionNormalization = true },
    };

    [FashionMnistFact]
    public async Task Measures_the_accuracy_with_the_submissions_own_normalisation()
    {
        DatasetImporter.Import("fashion-mnist", [FashionMnistFactAttribute.SourceDirectory], _dataDirectory);
        var evaluator = new EngineModelEvaluator(new ModelEvaluatorSettings(_dataDirectory));
        var answer = new ModelAnswer("fashion_cnn.onnx", [0.2860], [0.3530], null);
        var evaluation = await evaluator.EvaluateAsync(new ModelEvaluationJob(Guid.NewGuid(), "cnn", Requirement, FixtureModel(), answer), default);
        Assert.Equal(0.9058, evaluation.Metric, 10);
        Assert.Contains("9,058 of 10,000", evaluation.Note);
        Assert.Contains("(cpu)", evaluator.EngineVersion);
        var details = evaluation.Details!;
        Assert.Equal((9058, 10_000, 0.85, "fashion-mnist"), (details.Correct, details.Total, details.Threshold, details.Dataset));
        Assert.Equal(10, details.Classes.Count);
        // Fashion-MNIST's test set has 1,000 images of each class: every row of the matrix sums to 1,000.
        Assert.All(details.ConfusionMatrix, row => Assert.Equal(1000, row.Sum()));
        Assert.Equal(9058, Enumerable.Range(0, 10).Sum(c => details.ConfusionMatrix[c][c]));
        Assert.Equal(64, details.ModelSha256.Length);
    }

    [Fact]
    public async Task A_broken_model_is_rejected_as_the_students_to_fix()
    {
        var evaluator = new EngineModelEvaluator(new ModelEvaluatorSettings(_dataDirectory));
        var job = new ModelEvaluationJob(Guid.NewGuid(), "cnn", Requirement, [1, 2, 3, 4]);
        var rejected = await Assert.ThrowsAsync<ModelRejectedException>(() => evaluator.EvaluateAsync(job, default));
        Assert.Contains("could not be loaded", rejected.Message);
    }

    [Fact]
    public async Task A_missing_data_set_is_an_infrastructure_failure_to_retry()
    {
        var evaluator = new EngineModelEvaluator(new ModelEvaluatorSettings(_dataDirectory));
        var job = new ModelEvaluationJob(Guid.NewGuid(), "cnn", Requirement, FixtureModel());
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => evaluator.EvaluateAsync(job, default));
        Assert.IsNotType<ModelRejectedException>(failure);
    }
}
