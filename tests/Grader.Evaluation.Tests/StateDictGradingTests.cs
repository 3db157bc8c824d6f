using Grader.Core.Answers;
using Grader.Core.Checking;
using Grader.Core.Rubrics;

namespace Grader.Evaluation.Tests;

/// <summary>
/// The Fashion-MNIST CNN handed in as torch.save(model.state_dict()) (fashion_cnn.pt, written by
/// tools/fixtures/generate_checkpoint_fixtures.py from the ONNX export's weights), with its
/// network described in the rubric: it must score exactly what PyTorch and the ONNX export score.
/// </summary>
public class StateDictGradingTests(FashionMnistFixture fixture) : IClassFixture<FashionMnistFixture>
{
    private string StateDictPath => Path.Combine(Path.GetDirectoryName(fixture.ModelPath)!, "fashion_cnn.pt");

    private sealed class OneFile(string path) : IModelFiles
    {
        public async Task<ReadOnlyMemory<byte>?> ReadAsync(string itemId, string fileName, CancellationToken cancellationToken) =>
            fileName == Path.GetFileName(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
    }

    // The layers of FashionCnn in train_fashion_mnist.py, under its attribute names.
    private static Rubric Rubric(string formats) => RubricLoader.Load($$"""
        id: fashion
        title: Fashion
        total: 4
        items:
          - id: cnn
            points: 4
            kind: model
            model:
              dataset: fashion-mnist
              threshold: 0.85
              formats: {{formats}}
              preprocessing: { mean: [0.2860], std: [0.3530] }
              architecture:
                layers:
                  - { type: Conv2d, name: conv1, in_channels: 1, out_channels: 16, kernel_size: 3, padding: 1 }
                  - { type: ReLU }
                  - { type: MaxPool2d, kernel_size: 2 }
                  - { type: Conv2d, name: conv2, in_channels: 16, out_channels: 32, kernel_size: 3, padding: 1 }
                  - { type: ReLU }
                  - { type: MaxPool2d, kernel_size: 2 }
                  - { type: Flatten }
                  - { type: Linear, name: fc1, in_features: 1568, out_features: 64 }
                  - { type: ReLU }
                  - { type: Linear, name: fc2, in_features: 64, out_features: 10 }
        """, "fashion.yaml").Rubric!;

    private async Task<(ItemResult Result, ModelEvaluationResult? Evaluation)> Grade(string formats, string path)
    {
        var rubric = Rubric(formats);
        var answers = AnswerFileReader.Read($"cnn: {Path.GetFileName(path)}", "answers.yaml").File!;
        var report = SubmissionGrader.Grade(rubric, answers);
        var graded = await ModelGrading.CompleteAsync(rubric, answers, report, new OneFile(path), new ModelGradingOptions(fixture.DataDirectory));
        return (graded.Report["cnn"]!, graded.Evaluations.GetValueOrDefault("cnn"));
    }

    [FashionMnistFact]
    public async Task The_state_dict_scores_exactly_like_its_onnx_export()
    {
        var (result, evaluation) = await Grade("[onnx, pt]", StateDictPath);
        Assert.True(result.Status == MarkStatus.Correct, result.Feedback);
        Assert.Equal(fixture.ExpectedCorrect, evaluation!.Correct);
        Assert.Equal(9_058, evaluation.Correct);
        Assert.Equal(fixture.ExpectedPerClassCorrect, evaluation.ConfusionMatrix.Select((row, c) => (int)row[c]).ToArray());

        var (_, onnx) = await Grade("[onnx, pt]", fixture.ModelPath);
        Assert.Equal(onnx!.Correct, evaluation.Correct);
    }

    [FashionMnistFact]
    public async Task A_state_dict_for_another_network_gets_load_state_dicts_message()
    {
        var other = Path.Combine(Path.GetTempPath(), $"lenet-{Guid.NewGuid():N}.pt");
        File.Copy(Path.Combine(fixture.Root, "tests", "fixtures", "checkpoints", "lenet5.pt"), other);
        try
        {
            var (result, _) = await Grade("[pt]", other);
            Assert.Equal(0, result.Points);
            Assert.Contains("Error(s) in loading state_dict for layer list", result.Feedback);
            Assert.Contains("Unexpected key(s) in state_dict: \"conv3.weight\"", result.Feedback);
        }
        finally
        {
            File.Delete(other);
        }
    }

    [FashionMnistFact]
    public async Task A_format_the_rubric_does_not_allow_is_refused()
    {
        var (result, _) = await Grade("[onnx]", StateDictPath);
        Assert.Equal(MarkStatus.Invalid, result.Status);
    }
}
