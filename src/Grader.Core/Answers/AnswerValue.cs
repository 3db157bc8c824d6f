using System.Diagnostics.CodeAnalysis;
using Grader.Core.Documents;

namespace Grader.Core.Answers;

/// <summary>
/// The outcome of converting an answer: a value, or a message for the student. Either way
/// <see cref="Position"/> says where: the answer itself, or the exact entry that is wrong.
/// Deconstructs as <c>var (value, error, position) = ...</c>.
/// </summary>
public readonly record struct AnswerValue<T>(T? Value, string? Error, SourcePosition Position)
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Error is null;

    /// <summary>"file:line:col: error" for a failed conversion.</summary>
    public string Describe(string sourceName) => $"{sourceName}:{Position.Line}:{Position.Column}: {Error}";

    internal static AnswerValue<T> Ok(T value, SourcePosition position) => new(value, null, position);

    internal static AnswerValue<T> Fail(string error, SourcePosition position) => new(default, error, position);
}
