using Grader.Core.Statistics;

namespace Grader.Core.Marking;

/// <summary>
/// Under which text answers count as the same for grading them once: the same after normalising
/// whitespace and numbers (<see cref="AnswerText.Normalize"/>) and letter case.
/// </summary>
public static class AnswerGroupKey
{
    public static string Of(string given) =>
        AnswerText.Normalize(given).ToLowerInvariant();
}
