namespace Grader.Core.Checking;

/// <summary>The mark one item earned, with the feedback the student sees.</summary>
public sealed record ItemResult(
    string ItemId,
    double Points,
    double MaxPoints,
    bool Bonus,
    MarkStatus Status,
    string Feedback,
    ItemDetails? Details = null)
{
    public bool IsFinal => Status is not (MarkStatus.PendingManual or MarkStatus.PendingModel);
}

public enum MarkStatus
{
    Correct,
    Partial,
    /// <summary>Wrong against the reference, right given the student's own earlier answer.</summary>
    FollowThrough,
    Incorrect,
    Missing,
    /// <summary>The answer could not be read (wrong type, shape, parse error); scores 0.</summary>
    Invalid,
    PendingManual,
    PendingModel,
    /// <summary>The rubric could not produce an expected value for this student; staff must look.</summary>
    Error,
}

/// <summary>
/// What the result pages show beside the mark: expected and given values as text, the shape, and
/// which entries (row-major flat indices) were wrong; for a model item, what its evaluation measured
/// (absent from marks written before it was recorded).
/// </summary>
public sealed record ItemDetails(
    string? Expected,
    string? Given,
    IReadOnlyList<int>? Shape = null,
    IReadOnlyList<int>? WrongEntries = null,
    ModelDetails? Model = null);
