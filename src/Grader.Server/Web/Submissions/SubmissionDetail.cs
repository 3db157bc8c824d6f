using Grader.Core.Checking;
using Grader.Data.Release;

namespace Grader.Server.Web.Submissions;

// What the submission page shows, as read by SubmissionDetailQuery.

public sealed record SubmissionHeader(
    Guid Id, string AssignmentId, string AssignmentTitle, string CourseId, int RubricVersion,
    long StudentId, string StudentExternalId, string StudentName, string? IndexNumber,
    DateTimeOffset SubmittedAt, bool IsLate, string Status, DateTimeOffset? GradedAt, string? Error)
{
    /// <summary>Whether grading is still under way, so the page watches for the status to change.</summary>
    public bool InProgress => Status is Data.Entities.SubmissionStatus.Queued or Data.Entities.SubmissionStatus.PendingModel;
}

/// <summary>A rubric item with its mark; the mark fields are null while the item is not graded yet.</summary>
public sealed record ItemView(
    string ItemId, string Prompt, string Kind, double MaxPoints, bool Bonus,
    double? Points, string? Result, string? Source, string? Feedback, ItemDetails? Details)
{
    public string Shade => Points is { } p && Result is { } r ? ScoreShade.For(p, MaxPoints, r) : "";

    /// <summary>Whether the mark is held back from the student until staff release it.</summary>
    public bool HeldBack => Result == StudentMarks.BeingGraded;

    /// <summary>The criteria a TA ticked for the answer.</summary>
    public IReadOnlyList<AppliedCriterion> Criteria { get; init; } = [];

    /// <summary>Staff only: the internal note on the answer. Never set for a student's view.</summary>
    public string? StaffNote { get; init; }

    public static ItemView Of(string itemId, string prompt, string kind, ShownMark mark) =>
        new(itemId, prompt, kind, mark.MaxPoints, mark.Bonus, mark.Points, mark.Status, mark.Source, mark.Feedback, mark.Details)
            { Criteria = mark.Criteria };
}

public sealed record RunView(string Worker, string Engine, DateTimeOffset StartedAt, TimeSpan Duration, string Outcome, string? Error);

public sealed record HistoryEntry(Guid Id, DateTimeOffset SubmittedAt, bool IsLate, string Status, double? Total);

public sealed record FileView(string Role, string ItemId, string FileName, long Size, string Sha256);

/// <summary>One entry of the audit trail; <see cref="Who"/> is a staff member's name or the grader's re-run.</summary>
public sealed record ChangeView(string ItemId, string Who, DateTimeOffset ChangedAt, double? OldPoints, double NewPoints,
    string? OldSource, string NewSource, string? OldFeedback, string NewFeedback, string Reason);

public sealed record SubmissionDetail(
    SubmissionHeader Header,
    double MaxTotal,
    IReadOnlyList<ItemView> Items,
    IReadOnlyList<RunView> Runs,
    IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<FileView> Files,
    IReadOnlyList<ChangeView> Changes,
    bool ExpectedShown)
{
    public double? Total => Items.Any(i => i.Points is not null) ? Items.Sum(i => i.Points ?? 0) : null;
}
