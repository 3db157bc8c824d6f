using Grader.Server.Grading;
using Grader.Data.Entities;

namespace Grader.Server.Web.Gradebook;

/// <summary>Turns the rows the query read into the gradebook: one row per student, filtered, searched and sorted. Pure.</summary>
public static class GradebookBuilder
{
    public static GradebookView Build(GradebookData data, GradebookOptions options)
    {
        var counted = CountedSubmissions.Pick(data.Submissions, data.Counts);
        var submissionCounts = data.Submissions.GroupBy(s => s.StudentId).ToDictionary(g => g.Key, g => g.Count());
        var marks = data.Marks.ToLookup(m => m.SubmissionId);
        var rows = data.Students.Select(student =>
        {
            var submission = counted.GetValueOrDefault(student.Id);
            var byItem = submission is null ? [] : marks[submission.Id].ToDictionary(m => m.ItemId);
            var cells = data.Items.Select(item => byItem.TryGetValue(item.Id, out var mark)
                ? new GradebookCell(item.Id, mark.Points, mark.MaxPoints, mark.Result)
                : new GradebookCell(item.Id, null, item.MaxPoints, null)).ToList();
            return new GradebookRow(student, submission, submissionCounts.GetValueOrDefault(student.Id), cells);
        }).ToList();

        var shown = rows.Where(r => Matches(r, options.Filter) && Found(r, options.Search));
        return new GradebookView(data, options, Summarise(rows, data.Items), Sort(shown, options, data.Items).ToList());
    }

    private static GradebookSummary Summarise(IReadOnlyList<GradebookRow> rows, IReadOnlyList<GradebookItem> items)
    {
        var graded = rows.Where(r => r.Status == SubmissionStatus.Graded).ToList();
        var totals = graded.Select(r => r.Counted!.Total ?? 0).ToList();
        return new GradebookSummary(rows.Count, rows.Count(r => r.Counted is not null), graded.Count, rows.Count(r => r.IsIncomplete),
            totals.Count == 0 ? null : totals.Average(), items.Where(i => !i.Bonus).Sum(i => i.MaxPoints));
    }

    private static bool Matches(GradebookRow row, string? filter) => filter switch
    {
        "incomplete" => row.IsIncomplete,
        "manual" => row.NeedsManualGrading,
        "queue" => row.Status is SubmissionStatus.Queued or SubmissionStatus.PendingModel,
        "failed" => row.Status == SubmissionStatus.Failed,
        "graded" => row.Status == SubmissionStatus.Graded,
        "late" => row.Counted?.IsLate == true,
        "none" => row.Counted is null,
        _ => true,
    };

    private static bool Found(GradebookRow row, string? search)
    {
        if (string.IsNullOrWhiteSpace(search)) return true;
        var term = search.Trim();
        var s = row.Student;
        return s.Name.Contains(term, StringComparison.OrdinalIgnoreCase)
            || s.ExternalId.Contains(term, StringComparison.OrdinalIgnoreCase)
            || (s.IndexNumber?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false);
    }

    private static IEnumerable<GradebookRow> Sort(IEnumerable<GradebookRow> rows, GradebookOptions options, IReadOnlyList<GradebookItem> items)
    {
        var sort = options.SortKey;
        int itemIndex = sort.StartsWith("item:", StringComparison.Ordinal)
            ? items.Select(i => i.Id).ToList().IndexOf(sort["item:".Length..])
            : -1;
        Func<GradebookRow, IComparable?> key = sort switch
        {
            "name" => r => r.Student.Name,
            "index" => r => r.Student.IndexNumber,
            "total" => r => r.Counted?.Total,
            "status" => r => r.Status,
            "late" => r => r.Counted?.IsLate,
            "count" => r => r.SubmissionCount,
            "submitted" => r => r.Counted?.SubmittedAt,
            _ when itemIndex >= 0 => r => r.Cells[itemIndex].Points,
            _ => r => r.Student.ExternalId,
        };
        // Ties keep student-id order, so a sorted page is the same on every reload.
        return rows.OrderBy(key, new NullsLast(options.Descending)).ThenBy(r => r.Student.ExternalId, StringComparer.Ordinal);
    }

    /// <summary>Orders values up or down, but rows without a value (no submission, no mark) always last.</summary>
    private sealed class NullsLast(bool descending) : IComparer<IComparable?>
    {
        public int Compare(IComparable? x, IComparable? y)
        {
            if (x is null || y is null) return x is null ? (y is null ? 0 : 1) : -1;
            int order = x is string a && y is string b ? StringComparer.OrdinalIgnoreCase.Compare(a, b) : x.CompareTo(y);
            return descending ? -order : order;
        }
    }
}
