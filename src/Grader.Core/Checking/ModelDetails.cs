namespace Grader.Core.Checking;

/// <summary>
/// What the evaluation of a submitted model measured, stored with its mark so that the result page
/// can show per-class accuracy and the confusion matrix, and anyone can reproduce the mark later
/// (same model sha256, same data set sha256, same engine).
/// </summary>
/// <param name="PerClassAccuracy">Per true class: correct / images of that class; null for a class without images.</param>
/// <param name="ConfusionMatrix">Counts <c>[true class][predicted class]</c>.</param>
/// <param name="Sandbox">Where it ran, when in a sandbox: the isolation and the limits (memory,
/// time, CPU time, file size) it ran under; null for an evaluation in the grader's own process.</param>
public sealed record ModelDetails(
    string Dataset,
    int Correct,
    int Total,
    double Threshold,
    IReadOnlyList<double?> PerClassAccuracy,
    IReadOnlyList<IReadOnlyList<long>> ConfusionMatrix,
    IReadOnlyList<string> Classes,
    string ModelSha256,
    string DatasetSha256,
    string Engine,
    string? Sandbox = null)
{
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
}
