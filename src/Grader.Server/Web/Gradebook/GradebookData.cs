using Grader.Core.Rubrics;
using Grader.Server.Grading;

namespace Grader.Server.Web.Gradebook;

// What the gradebook query reads from the database: plain rows, no entities, so that the builder
// that turns them into the page is pure and unit-tested.

/// <summary>A rubric item as a gradebook column: its id and its points, and its question for the column's tooltip.</summary>
public sealed record GradebookItem(string Id, double MaxPoints, bool Bonus, string Prompt = "");

public sealed record GradebookStudent(long Id, string ExternalId, string Name, string? IndexNumber);

/// <summary>The mark of one item of a counted submission.</summary>
public sealed record GradebookMark(Guid SubmissionId, string ItemId, double Points, double MaxPoints, string Result);

public sealed record GradebookData(
    string AssignmentId,
    string CourseId,
    string Title,
    DateTimeOffset? Deadline,
    int? Version,
    CountedSubmission Counts,
    IReadOnlyList<GradebookItem> Items,
    IReadOnlyList<GradebookStudent> Students,
    IReadOnlyList<SubmissionSummary> Submissions,
    IReadOnlyList<GradebookMark> Marks);
