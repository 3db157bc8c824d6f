using System.Diagnostics.CodeAnalysis;

namespace Grader.Core.Answers;

/// <summary>Either the <see cref="AnswerFile"/> or the problems that stopped it from being read.</summary>
public sealed record AnswerFileReadResult
{
    private AnswerFileReadResult(string sourceName, AnswerFile? file, IReadOnlyList<AnswerProblem> problems) =>
        (SourceName, File, Problems) = (sourceName, file, problems);

    public string SourceName { get; }

    /// <summary>The answers; null exactly when <see cref="Problems"/> is not empty.</summary>
    public AnswerFile? File { get; }

    public IReadOnlyList<AnswerProblem> Problems { get; }

    [MemberNotNullWhen(true, nameof(File))]
    public bool Succeeded => File is not null;

    /// <summary>One "file:line:col: message" line per problem.</summary>
    public IEnumerable<string> DescribeProblems() => Problems.Select(p => p.Describe(SourceName));

    public static AnswerFileReadResult Success(AnswerFile file) => new(file.SourceName, file, []);

    public static AnswerFileReadResult Failure(string sourceName, IReadOnlyList<AnswerProblem> problems) =>
        problems.Count > 0
            ? new(sourceName, null, problems)
            : throw new ArgumentException("a failure needs at least one problem", nameof(problems));
}
