namespace Grader.Core.Documents;

/// <summary>A document could not be read or does not have the expected structure.</summary>
public sealed class DocumentException(string message, SourcePosition position) : Exception(message)
{
    public SourcePosition Position { get; } = position;

    /// <summary>"file:line:column: message", the form editors and CI logs link to.</summary>
    public string Describe(string sourceName) => $"{sourceName}:{Position.Line}:{Position.Column}: {Message}";
}
