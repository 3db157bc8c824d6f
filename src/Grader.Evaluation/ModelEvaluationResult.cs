namespace Grader.Evaluation;

/// <summary>
/// What an evaluation measured, with everything needed to reproduce the mark: the model's and the
/// data set's sha256 and the engine version.
/// </summary>
public sealed record ModelEvaluationResult(
    string Dataset,
    int Correct,
    int Total,
    IReadOnlyList<double?> PerClassAccuracy,
    IReadOnlyList<IReadOnlyList<long>> ConfusionMatrix,
    IReadOnlyList<string> Classes,
    string ModelSha256,
    string DatasetSha256,
    string Engine,
    IReadOnlyList<int> InputShape,
    TimeSpan LoadTime,
    TimeSpan EvaluationTime)
{
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public double ImagesPerSecond => EvaluationTime.TotalSeconds > 0 ? Total / EvaluationTime.TotalSeconds : 0;
}

/// <summary>
/// The evaluation could not produce an accuracy. <see cref="IsStudentError"/> separates what the
/// student must fix (unsupported operator, wrong input shape, over a limit, too slow) from what
/// staff must fix (data set not imported): the service retries only the latter.
/// </summary>
public sealed class ModelEvaluationException(string message, bool isStudentError, Exception? inner = null)
    : Exception(message, inner)
{
    public bool IsStudentError { get; } = isStudentError;
}
