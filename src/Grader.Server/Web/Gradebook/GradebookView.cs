using Grader.Data.Entities;
using Grader.Data.Release;
using Grader.Server.Grading;

namespace Grader.Server.Web.Gradebook;

/// <summary>How the gradebook is shown: from the query string, so every view is a link and works without script.</summary>
/// <param name="Sort">"student" (default), "name", "index", "total", "status", "late", "count", "submitted" or "item:&lt;id&gt;".</param>
/// <param name="Filter">One of <see cref="Filters"/>' keys; null or "all" for everyone.</param>
/// <param name="Search">Part of a name, student id or index number.</param>
public sealed record GradebookOptions(string? Sort = null, bool Descending = false, string? Filter = null, string? Search = null)
{
    public static IReadOnlyList<(string Key, string Label)> Filters { get; } =
    [
        ("all", "All students"),
        ("incomplete", "Incomplete (not final)"),
        ("manual", "Needs manual grading"),
        ("queue", "Queued or evaluating"),
        ("failed", "Failed"),
        ("graded", "Graded"),
        ("late", "Late"),
        ("none", "No submission"),
    ];

    public string SortKey => string.IsNullOrEmpty(Sort) ? "student" : Sort;
}

/// <summary>One item of a student's counted submission; null points where it has no mark yet.</summary>
public sealed record GradebookCell(string ItemId, double? Points, double MaxPoints, string? Result)
{
    /// <summary>The site.css class: a score shade, "pending" or "error"; empty without a mark.</summary>
    public string Shade => Points is { } p ? ScoreShade.For(p, MaxPoints, Result!) : "";
}

public sealed record GradebookRow(
    GradebookStudent Student,
    SubmissionSummary? Counted,
    int SubmissionCount,
    IReadOnlyList<GradebookCell> Cells)
{
    /// <summary>
    /// The counted submission's status, or "none" without any submission. A graded submission with
    /// answers still waiting for a TA is "awaiting_manual": incomplete, not a grade to export.
    /// </summary>
    public string Status => Counted is { } counted ? StudentMarks.StaffStatus(counted.Status, NeedsManualGrading) : "none";

    public bool NeedsManualGrading => Cells.Any(c => c.Result == "pending_manual");

    /// <summary>Submitted, but its grading is not final: queued, evaluating, awaiting a TA, failed.</summary>
    public bool IsIncomplete => Counted is not null && Status != SubmissionStatus.Graded;
}

/// <summary>
/// The whole class, whatever the filter: students, how many submitted, how many are graded (final),
/// how many are incomplete, and the mean total of the final grades.
/// </summary>
public sealed record GradebookSummary(int Students, int Submitted, int Graded, int Incomplete, double? MeanTotal, double MaxTotal);

public sealed record GradebookView(GradebookData Data, GradebookOptions Options, GradebookSummary Summary, IReadOnlyList<GradebookRow> Rows);
