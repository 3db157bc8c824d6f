using System.Globalization;
using Grader.Data.Entities;
using Grader.Server.Web.Csv;

namespace Grader.Server.Web.Gradebook;

/// <summary>
/// The gradebook as a CSV file that learning-management systems import: one row per student (by
/// student id), one column per item, then the total. Items still waiting (a TA, a model) or broken
/// are left empty rather than exported as a 0 that is no grade, and so is the total of a submission
/// whose grading is not final (its status says why: awaiting_manual, pending_model, ...).
/// </summary>
public static class GradebookCsv
{
    public static string Write(GradebookView view)
    {
        var csv = new CsvWriter();
        csv.Row(["Student ID", "Name", "Index", .. view.Data.Items.Select(i => i.Id), "Total", "Status", "Late", "Submitted at"]);
        foreach (var row in view.Rows)
        {
            var s = row.Student;
            csv.Row([
                s.ExternalId, s.Name, s.IndexNumber ?? "",
                .. row.Cells.Select(Cell),
                // Only a final grade has a total: an LMS must not import an incomplete sum as one.
                row.Status == SubmissionStatus.Graded ? Number(row.Counted?.Total) : "",
                row.Status,
                row.Counted is { } c ? (c.IsLate ? "yes" : "no") : "",
                row.Counted?.SubmittedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "",
            ]);
        }
        return csv.ToString();
    }

    /// <summary>A file name that says what and when: <c>ai6126-hw1-grades-20240131.csv</c>.</summary>
    public static string FileName(string assignmentId, DateTimeOffset now) =>
        $"{assignmentId}-grades-{now.UtcDateTime:yyyyMMdd}.csv";

    private static string Cell(GradebookCell cell) =>
        cell.Result is null or "pending_manual" or "pending_model" or "error" ? "" : Number(cell.Points);

    private static string Number(double? value) =>
        value is { } v ? Grader.Core.Marking.PointsFormat.Format(v, 4) : "";
}
