using Grader.Core.Answers;
using Grader.Core.Rubrics;

namespace Grader.Core.Checking;

/// <summary>
/// An answers file handed in for the wrong assignment gets one clear message instead of a
/// warning per unknown item and zero marks: by the id it declares (<c>assignment:</c>), or, when
/// none of its answers is an item of the rubric, by the known rubric whose items it does answer.
/// </summary>
public static class AssignmentMatch
{
    /// <summary>Why <paramref name="answers"/> is not for <paramref name="rubric"/>, or null when it is (or may be).</summary>
    public static string? Problem(Rubric rubric, AnswerFile answers, IEnumerable<Rubric>? known = null)
    {
        if (answers.Assignment is { } declared && declared != rubric.Id)
            return $"this file answers {declared}, not {rubric.Id}";
        var ids = answers.Answers.Keys.ToList();
        if (ids.Count == 0 || ids.Any(id => rubric.FindItem(id) is not null)) return null;
        var owner = (known ?? []).Where(r => r.Id != rubric.Id)
            .Select(r => (Rubric: r, Answered: ids.Count(id => r.FindItem(id) is not null)))
            .Where(r => r.Answered > 0)
            .OrderByDescending(r => r.Answered)
            .Select(r => r.Rubric)
            .FirstOrDefault();
        return owner is not null
            ? $"this file answers {owner.Id}, not {rubric.Id}"
            : $"none of the {ids.Count} answers in this file ({string.Join(", ", ids.Take(3))}{(ids.Count > 3 ? ", ..." : "")}) is an item of {rubric.Id}: is it the answers file of another assignment?";
    }
}
