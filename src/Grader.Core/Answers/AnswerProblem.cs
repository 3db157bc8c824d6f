using Grader.Core.Documents;

namespace Grader.Core.Answers;

/// <summary>Something wrong with an answer file, worded for the student.</summary>
/// <param name="Position">Where in the file; null when it concerns the file as a whole.</param>
public sealed record AnswerProblem(string Message, SourcePosition? Position)
{
    /// <summary>"file:line:col: message" (or "file: message"), the form editors and CI logs link to.</summary>
    public string Describe(string sourceName) =>
        Position is { } p ? $"{sourceName}:{p.Line}:{p.Column}: {Message}" : $"{sourceName}: {Message}";
}
