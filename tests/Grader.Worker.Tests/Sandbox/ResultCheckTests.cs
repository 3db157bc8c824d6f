using Grader.Evaluation;
using Grader.Worker.Sandbox;

namespace Grader.Worker.Tests.Sandbox;

/// <summary>What the worker checks of a child's result before it becomes a mark.</summary>
public sealed class ResultCheckTests
{
    // 3 classes, 10 images: 4 + 2 + 1 = 7 right.
    private static readonly ModelEvaluationResult Consistent = new("fashion-mnist", 7, 10, [1.0, 2 / 3.0, 1 / 3.0],
        [[4, 0, 0], [1, 2, 0], [0, 2, 1]], ["a", "b", "c"], "sha-the-child-says", "data", "engine", [1, 28, 28], TimeSpan.Zero, TimeSpan.Zero);

    [Fact]
    public void A_consistent_result_passes_with_the_workers_own_model_hash()
    {
        var checkedResult = ResultCheck.Verify(Consistent, "fashion-mnist", "sha-the-worker-computed");
        Assert.Equal("sha-the-worker-computed", checkedResult.ModelSha256);
        Assert.Equal((7, 10), (checkedResult.Correct, checkedResult.Total));
    }

    public static TheoryData<string, ModelEvaluationResult> Inconsistent => new()
    {
        { "data set cifar10, not fashion-mnist", Consistent with { Dataset = "cifar10" } },
        { "counts that do not add up", Consistent with { Correct = 10 } },
        { "counts that do not add up", Consistent with { Total = 100 } },
        { "the confusion matrix does not match the classes", Consistent with { ConfusionMatrix = [[4, 0], [1, 2]] } },
        { "the confusion matrix does not match the classes", Consistent with { ConfusionMatrix = [[4, 0, 0], [1, 2], [0, 2, 1]] } },
        { "the confusion matrix does not match the classes", Consistent with { PerClassAccuracy = [1.0] } },
        { "a negative count", Consistent with { ConfusionMatrix = [[4, 0, 0], [1, 2, 1], [0, -2, 5]], Correct = 11 } },
    };

    [Theory]
    [MemberData(nameof(Inconsistent))]
    public void An_inconsistent_result_is_refused_and_the_model_gets_nothing(string problem, ModelEvaluationResult result)
    {
        var refused = Assert.Throws<ModelEvaluationException>(() => ResultCheck.Verify(result, "fashion-mnist", "sha"));
        Assert.True(refused.IsStudentError);
        Assert.Equal($"the evaluation process returned an inconsistent result ({problem})", refused.Message);
    }
}
