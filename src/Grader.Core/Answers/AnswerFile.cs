using Grader.Core.Documents;

namespace Grader.Core.Answers;

/// <summary>
/// A student's answers, read by <see cref="AnswerFileReader"/>.
/// <para>
/// <see cref="Answers"/> maps item ids (exact text, ordinal; "2.1" and "2.10" differ) to the raw
/// answer nodes in file order. A key with nothing after it (<c>2.1:</c>) is kept as a null
/// scalar, which checkers treat as "not answered". Convert answers with <see cref="AnswerValues"/>.
/// </para>
/// </summary>
public sealed record AnswerFile(
    StudentIdentity? Student,
    IReadOnlyDictionary<string, DocNode> Answers,
    string SourceName)
{
    /// <summary>The assignment id the file says it answers (<c>assignment:</c>), or null.</summary>
    public string? Assignment { get; init; }

    /// <summary>The answer to <paramref name="itemId"/>, or null when the file has none or left it empty.</summary>
    public DocNode? Find(string itemId) =>
        Answers.TryGetValue(itemId, out var node) && node is not DocNode.Scalar { IsNull: true } ? node : null;
}
