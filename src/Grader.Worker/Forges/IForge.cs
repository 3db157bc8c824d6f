using Grader.Data.Entities;
using Grader.Data.Forges;

namespace Grader.Worker.Forges;

public enum FetchStatus { Found, Missing, TooLarge }

/// <summary>A file at a commit: its bytes, or why there are none.</summary>
public sealed record FetchedFile(FetchStatus Status, string Path, byte[]? Content = null);

/// <summary>The state shown on a commit (GitHub's commit status states).</summary>
public enum CommitState { Pending, Success, Failure, Error }

/// <summary>What is reported on a commit: state, a one-line description, a link, and a context naming the check.</summary>
public sealed record CommitReport(CommitState State, string Description, string? TargetUrl, string Context);

/// <summary>
/// The few things grading needs from a forge. GitHub implements it over its REST API; GitLab or
/// Gitea can follow. Failures throw <see cref="ForgeException"/>, classified so the queue can
/// retry, wait, or give up visibly.
/// </summary>
public interface IForge
{
    /// <summary>One file at a commit, read while streaming up to <paramref name="maxBytes"/>.</summary>
    Task<FetchedFile> GetFileAsync(RepoRef repo, string commitSha, string path, long maxBytes, CancellationToken cancellationToken);

    Task ReportAsync(RepoRef repo, string commitSha, CommitReport report, CancellationToken cancellationToken);
}

/// <summary>The forge client of a course, from its stored settings.</summary>
public interface IForgeFactory
{
    IForge Create(ForgeSetting settings);
}
