using System.Globalization;
using Grader.Core.Checking;
using Grader.Core.Rubrics;
using Grader.Datasets.Scoring;

namespace Grader.Evaluation;

/// <summary>Turns an evaluation (or its failure) into the mark of a model item.</summary>
public static class ModelItemScorer
{
    public static ItemResult Score(RubricItem item, ModelRequirement requirement, ModelEvaluationResult result) =>
        Score(item, requirement, result.Accuracy,
            $"Accuracy {Percent(result.Accuracy)} ({result.Correct:N0} of {result.Total:N0}) on the {result.Dataset} test set",
            Details(result, requirement));

    /// <summary>
    /// Scores a measured accuracy; <paramref name="measured"/> says what was measured, for the
    /// feedback, and <paramref name="model"/> (when the evaluator reports it) is stored with the mark.
    /// </summary>
    public static ItemResult Score(RubricItem item, ModelRequirement requirement, double accuracy, string measured, ModelDetails? model = null)
    {
        var score = ModelScore.Compute(accuracy, requirement.Threshold, requirement.RampFrom, item.Points);
        var verdict = score.MeetsThreshold
            ? $"at or above the required {Percent(requirement.Threshold)}."
            : requirement.RampFrom is { } from
                ? $"below the required {Percent(requirement.Threshold)}; points rise linearly from {Percent(from)}."
                : $"below the required {Percent(requirement.Threshold)}.";
        var status = score.MeetsThreshold ? MarkStatus.Correct : score.Points > 0 ? MarkStatus.Partial : MarkStatus.Incorrect;
        return new ItemResult(item.Id, Math.Round(score.Points, 6), item.Points, item.Bonus, status, $"{measured}: {verdict}",
            new ItemDetails(Percent(requirement.Threshold), Percent(accuracy), Model: model));
    }

    /// <summary>The evaluation as the mark keeps it: counts, hashes and engine, against the rubric's threshold.</summary>
    public static ModelDetails Details(ModelEvaluationResult result, ModelRequirement requirement) => new(
        result.Dataset, result.Correct, result.Total, requirement.Threshold, result.PerClassAccuracy, result.ConfusionMatrix,
        result.Classes, result.ModelSha256, result.DatasetSha256, result.Engine);

    public static ItemResult Failed(RubricItem item, ModelEvaluationException failure) => new(
        item.Id, 0, item.Points, item.Bonus,
        failure.IsStudentError ? MarkStatus.Invalid : MarkStatus.Error,
        failure.IsStudentError
            ? $"Your model could not be evaluated: {failure.Message}."
            : $"The model could not be evaluated on the grader ({failure.Message}); staff have been told.");

    private static string Percent(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
