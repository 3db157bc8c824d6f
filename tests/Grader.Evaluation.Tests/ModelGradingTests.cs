using Grader.Core.Answers;
using Grader.Core.Checking;
using Grader.Core.Rubrics;

namespace Grader.Evaluation.Tests;

public class ModelGradingTests(FashionMnistFixture fixture) : IClassFixture<FashionMnistFixture>
{
    private sealed class FixtureFiles(string path) : IModelFiles
    {
        public async Task<ReadOnlyMemory<byte>?> ReadAsync(string itemId, string fileName, CancellationToken cancellationToken)
        {
            if (fileName != Path.GetFileName(path)) return null;
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
    }

    private static Rubric Rubric(string scoring) => RubricLoader.Load($$"""
        id: fashion
        title: Fashion
        total: 4
        items:
          - id: cnn
            points: 4
            kind: model
            model:
              dataset: fashion-mnist
              {{scoring}}
              preprocessing: { allow_normalization: true }
        """, "fashion.yaml").Rubric!;

    private async Task<ItemResult> Grade(string scoring, string answer)
    {
        var rubric = Rubric(scoring);
        var answers = AnswerFileReader.Read(answer, "answers.yaml").File!;
        var report = SubmissionGrader.Grade(rubric, answers);
        var graded = await ModelGrading.CompleteAsync(rubric, answers, report, new FixtureFiles(fixture.ModelPath),
            new ModelGradingOptions(fixture.DataDirectory));
        return graded.Report["cnn"]!;
    }

    private const string WithNormalisation = "cnn: { file: fashion_cnn.onnx, mean: [0.2860], std: [0.3530] }";

    [FashionMnistFact]
    public async Task Accuracy_at_or_above_the_threshold_earns_full_points()
    {
        var result = await Grade("threshold: 0.85", WithNormalisation);
        Assert.Equal(MarkStatus.Correct, result.Status);
        Assert.Equal(4, result.Points);
        Assert.Contains("90.58%", result.Feedback);
    }

    [FashionMnistFact]
    public async Task Below_the_threshold_earns_nothing()
    {
        var result = await Grade("threshold: 0.95", WithNormalisation);
        Assert.Equal(MarkStatus.Incorrect, result.Status);
        Assert.Equal(0, result.Points);
    }

    [FashionMnistFact]
    public async Task A_ramp_gives_points_in_proportion()
    {
        // (0.9058 - 0.85) / (0.95 - 0.85) = 0.558 of 4 points = 2.232
        var result = await Grade("threshold: 0.95\n      scoring: { ramp_from: 0.85 }", WithNormalisation);
        Assert.Equal(MarkStatus.Partial, result.Status);
        Assert.Equal(2.232, result.Points, 6);
    }

    [FashionMnistFact]
    public async Task A_named_file_that_was_not_uploaded_is_missing()
    {
        var result = await Grade("threshold: 0.85", "cnn: other.onnx");
        Assert.True(result.Status == MarkStatus.Missing, result.Feedback);
        Assert.Contains("other.onnx", result.Feedback);
    }

    [FashionMnistFact]
    public async Task A_path_instead_of_a_file_name_is_refused()
    {
        var result = await Grade("threshold: 0.85", "cnn: ../../etc/passwd");
        Assert.Equal(MarkStatus.Invalid, result.Status);
    }
}
