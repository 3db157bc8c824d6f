using Grader.Core.Checking;
using Grader.Core.Rubrics;
using Grader.Data.Entities;
using Grader.Data.Marks;

namespace Grader.Data.Release;

/// <summary>
/// What a student may see of their marks: the one place the release policy is applied, used by
/// the API and the pages alike. Staff see everything; a student sees, per item, what the
/// <see cref="ReleaseView"/> allows, and never anything staff-only (who changed a mark and why,
/// internal notes: those are not part of a mark's view at all).
/// </summary>
public static class StudentMarks
{
    /// <summary>An item whose mark is held back: "submitted, being graded".</summary>
    public const string BeingGraded = "being_graded";

    public const string BeingGradedFeedback = "Submitted, being graded.";

    private const string PendingManual = "pending_manual";
    private const string PendingModel = "pending_model";

    /// <summary>Staff: every mark as stored; the status says whether items still wait for a TA.</summary>
    public static MarksView ForStaff(string storedStatus, IReadOnlyList<Mark> marks, ILookup<long, AppliedCriterion>? criteria = null)
    {
        var items = marks.Select(m => new ShownMark(m.ItemId, m.Points, m.MaxPoints, m.Bonus, m.Result, m.Source, m.Feedback,
            MarkMapping.ReadDetails(m.Details)) { Criteria = CriteriaOf(m, criteria) }).ToList();
        return new MarksView(StaffStatus(storedStatus, marks.Any(m => m.Result == PendingManual)), items,
            Math.Round(marks.Sum(m => m.Points), 6), MaxTotal(marks),
            marks.Count(m => m.Result is PendingModel or PendingManual), ExpectedShown: true);
    }

    /// <summary>The student who made the submission: each mark through the policy.</summary>
    public static MarksView ForStudent(string storedStatus, IReadOnlyList<Mark> marks, Rubric rubric, ReleaseView release,
        ILookup<long, AppliedCriterion>? criteria = null)
    {
        var items = marks.Select(m =>
        {
            var shown = Shown(m, rubric.FindItem(m.ItemId), release);
            return shown.Hidden ? shown : shown with { Criteria = CriteriaOf(m, criteria) };
        }).ToList();
        // Held back or not, an answer still waiting for a TA makes the submission incomplete.
        bool awaitingTa = marks.Any(m => m.Result == PendingManual);
        string status = storedStatus != SubmissionStatus.Graded ? storedStatus
            : awaitingTa ? SubmissionStatus.AwaitingManual
            : items.Any(i => i.Hidden) ? SubmissionStatus.AwaitingRelease
            : SubmissionStatus.Graded;
        return new MarksView(status, items, Math.Round(items.Sum(i => i.Points ?? 0), 6), MaxTotal(marks),
            items.Count(i => i.Hidden || i.Status is PendingModel or PendingManual), release.ShowsExpected);
    }

    /// <summary>The status staff see: a graded submission with items awaiting a TA is not final.</summary>
    public static string StaffStatus(string storedStatus, bool awaitingTa) =>
        storedStatus == SubmissionStatus.Graded && awaitingTa ? SubmissionStatus.AwaitingManual : storedStatus;

    /// <summary>Whether an item is graded by a TA, so staff may release it on its own.</summary>
    public static bool GradedByTa(RubricItem? item) => item?.Kind == ItemKind.Text;

    /// <summary>A mark that waits for a person, or that a person set: shown to the student on release.</summary>
    public static bool ByPerson(Mark mark) => mark.Result == PendingManual || MarkSources.IsHuman(mark.Source);

    private static ShownMark Shown(Mark mark, RubricItem? item, ReleaseView release)
    {
        var details = MarkMapping.ReadDetails(mark.Details);
        if (!release.ShowsMark(mark.ItemId, ByPerson(mark)))
            return new ShownMark(mark.ItemId, null, mark.MaxPoints, mark.Bonus, BeingGraded, BeingGraded, BeingGradedFeedback,
                details?.Given is { } given ? new ItemDetails(null, given) : null);
        if (release.ShowsExpected || item?.Kind == ItemKind.Model)
            return new ShownMark(mark.ItemId, mark.Points, mark.MaxPoints, mark.Bonus, mark.Result, mark.Source, mark.Feedback, details);
        return new ShownMark(mark.ItemId, mark.Points, mark.MaxPoints, mark.Bonus, mark.Result, mark.Source,
            MarkSources.IsHuman(mark.Source) ? mark.Feedback : PlainFeedback(mark),
            details is null ? null : details with { Expected = null, WrongEntries = null });
    }

    /// <summary>
    /// Automatic feedback while the answer key is held back: the verdict only. A mistake's
    /// feedback or a reference value would tell a student who may resubmit what to write.
    /// </summary>
    private static string PlainFeedback(Mark mark) => mark.Result switch
    {
        "correct" => "Correct.",
        "partial" => "Partly correct.",
        "follow_through" => "Wrong, but it follows from your earlier answer, so it earns part of the points.",
        "incorrect" => "Incorrect.",
        // Why the student's own text could not be read needs no answer key, and they must be able to fix it.
        "invalid" when mark.Feedback.StartsWith("Your answer could not be read:", StringComparison.Ordinal) => mark.Feedback,
        "invalid" => "Your answer could not be read as this item asks: compare it with the template (grader template).",
        "error" => "This item could not be graded automatically; staff have been told.",
        _ => mark.Feedback, // missing, pending: nothing of the key in them
    };

    private static IReadOnlyList<AppliedCriterion> CriteriaOf(Mark mark, ILookup<long, AppliedCriterion>? criteria) =>
        criteria is null || mark.Adjustment is null ? [] : [.. criteria[mark.Id]];

    private static double MaxTotal(IReadOnlyList<Mark> marks) => marks.Where(m => !m.Bonus).Sum(m => m.MaxPoints);
}
