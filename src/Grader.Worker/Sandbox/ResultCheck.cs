using Grader.Evaluation;

namespace Grader.Worker.Sandbox;

/// <summary>
/// What the parent can check of a child's result without running the model: a child that ran
/// untrusted code is believed only where it must be. The counts must agree with each other
/// (matrix rows per class, its sum the total, its diagonal the correct count), the data set must
/// be the one asked for, and the model hash is the parent's own.
/// </summary>
internal static class ResultCheck
{
    public static ModelEvaluationResult Verify(ModelEvaluationResult result, string dataset, string modelSha256)
    {
        if (Problem(result, dataset) is { } problem)
            throw new ModelEvaluationException($"the evaluation process returned an inconsistent result ({problem})", isStudentError: true);
        return result with { ModelSha256 = modelSha256 };
    }

    private static string? Problem(ModelEvaluationResult r, string dataset)
    {
        int classes = r.Classes.Count;
        if (r.Dataset != dataset) return $"data set {r.Dataset}, not {dataset}";
        if (classes == 0 || r.ConfusionMatrix.Count != classes || r.PerClassAccuracy.Count != classes
            || r.ConfusionMatrix.Any(row => row.Count != classes))
            return "the confusion matrix does not match the classes";
        if (r.ConfusionMatrix.Any(row => row.Any(n => n < 0))) return "a negative count";
        long total = r.ConfusionMatrix.Sum(row => row.Sum());
        long correct = Enumerable.Range(0, classes).Sum(c => r.ConfusionMatrix[c][c]);
        if (total != r.Total || correct != r.Correct || r.Total <= 0) return "counts that do not add up";
        return null;
    }
}
