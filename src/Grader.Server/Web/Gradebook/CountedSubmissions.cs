using Grader.Core.Rubrics;
using Grader.Data.Entities;

namespace Grader.Server.Web.Gradebook;

/// <summary>Which submission of each student the gradebook counts (the rubric's <c>counts</c>).</summary>
public static class CountedSubmissions
{
    /// <summary>The counted submission per student id, for students with at least one submission.</summary>
    public static IReadOnlyDictionary<long, GradebookSubmission> Pick(IEnumerable<GradebookSubmission> submissions, CountedSubmission counts) =>
        submissions.GroupBy(s => s.StudentId).ToDictionary(g => g.Key, g => Pick(g.ToList(), counts));

    private static GradebookSubmission Pick(IReadOnlyList<GradebookSubmission> ofOneStudent, CountedSubmission counts)
    {
        var latest = ofOneStudent.MaxBy(s => s.SubmittedAt)!;
        if (counts == CountedSubmission.Latest) return latest;
        // Only graded submissions have a total worth comparing; a queued one could still win, but
        // until it is graded the best graded one stands (and without any, the latest shows its state).
        return ofOneStudent.Where(s => s.Status == SubmissionStatus.Graded)
            .OrderByDescending(s => s.Total ?? 0).ThenBy(s => s.SubmittedAt)
            .FirstOrDefault() ?? latest;
    }
}
