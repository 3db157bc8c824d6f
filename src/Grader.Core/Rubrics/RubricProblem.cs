using Grader.Core.Documents;

namespace Grader.Core.Rubrics;

/// <summary>Something wrong in a rubric file, with its position.</summary>
public sealed record RubricProblem(string Message, SourcePosition Position)
{
    public string Describe(string sourceName) => $"{sourceName}:{Position.Line}:{Position.Column}: {Message}";
}

/// <summary>A loaded rubric, or every problem found in the file (loading goes on past the first).</summary>
public sealed record RubricLoadResult(Rubric? Rubric, IReadOnlyList<RubricProblem> Problems)
{
    public bool Success => Rubric is not null && Problems.Count == 0;
}
