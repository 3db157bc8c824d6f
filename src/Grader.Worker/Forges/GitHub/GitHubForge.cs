using Grader.Data.Forges;
using Octokit;
using OctokitCommitState = Octokit.CommitState;

namespace Grader.Worker.Forges.GitHub;

/// <summary>
/// <see cref="IForge"/> over Octokit. A file at a commit is looked up in the commit's git trees
/// first (names and sizes, never content: the contents API's metadata of a file carries the file
/// itself, base64, up to 1 MB), refused by its size before a byte of it is downloaded, and only
/// then streamed from the contents API with the raw media type, cut off one byte past the limit
/// whatever the tree said. Commit statuses go through Octokit's statuses client. Every failure
/// leaves as a <see cref="ForgeException"/> (<see cref="GitHubFailures"/>).
/// </summary>
public sealed class GitHubForge(IGitHubClient client, GitHubCredentials credentials, TimeSpan timeout, TimeProvider time) : IForge
{
    /// <summary>GitHub's limit on a commit status description.</summary>
    public const int MaxDescription = 140;

    /// <summary>Trees already read, by SHA (a forge lives for one job: the answers and the models share directories).</summary>
    private readonly Dictionary<string, IReadOnlyList<TreeItem>> trees = [];

    public async Task<FetchedFile> GetFileAsync(RepoRef repo, string commitSha, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(repo, commitSha, path, cancellationToken);
        if (entry is null) return new FetchedFile(FetchStatus.Missing, path);
        if (entry.Size > maxBytes) return new FetchedFile(FetchStatus.TooLarge, path);

        string what = $"file {path} of {repo.FullName}@{commitSha[..7]}";
        var escapedPath = string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        var response = await CallAsync(() => client.Connection.Get<object>(ApiUrls.RepositoryContent(repo.Owner, repo.Name, escapedPath, commitSha),
            null, GitHubHttpClient.RawMediaType, timer.Token), what, cancellationToken);
        if (response.HttpResponse.Body is not Stream body)
            throw new ForgeException(ForgeFailure.Transient, $"GitHub {what}: the answer had no raw content");
        try
        {
            await using (body) return await ReadLimitedAsync(body, path, maxBytes, entry.Size, timer.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException)
        {
            throw new ForgeException(ForgeFailure.Transient, $"reading {path} from GitHub failed: {(e is OperationCanceledException ? "timed out" : e.Message)}", inner: e);
        }
    }

    /// <summary>
    /// Reads at most maxBytes; one byte more and the file is too large, whatever the tree said.
    /// The buffer is sized by the tree, so a file of the size it claims is held once, never grown or copied.
    /// </summary>
    private static async Task<FetchedFile> ReadLimitedAsync(Stream stream, string path, long maxBytes, int expectedSize,
        CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(expectedSize);
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return new FetchedFile(FetchStatus.TooLarge, path);
            buffer.Write(chunk, 0, read);
        }
        return new FetchedFile(FetchStatus.Found, path, buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray());
    }

    /// <summary>The file's blob entry, walking the commit's trees one directory at a time; null when there is none.</summary>
    private async Task<TreeItem?> FindAsync(RepoRef repo, string commitSha, string path, CancellationToken cancellationToken)
    {
        var names = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string tree = commitSha;
        for (int i = 0; i < names.Length; i++)
        {
            var entry = (await TreeAsync(repo, tree, cancellationToken)).FirstOrDefault(e => e.Path == names[i]);
            string type = entry?.Type.StringValue ?? "";
            if (i == names.Length - 1) return type == "blob" ? entry : null;
            if (type != "tree") return null;
            tree = entry!.Sha;
        }
        return null;
    }

    private async Task<IReadOnlyList<TreeItem>> TreeAsync(RepoRef repo, string sha, CancellationToken cancellationToken)
    {
        if (trees.TryGetValue(sha, out var known)) return known;
        try
        {
            var tree = await CallAsync(() => client.Git.Tree.Get(repo.Owner, repo.Name, sha), $"tree {sha[..7]} of {repo.FullName}", cancellationToken);
            return trees[sha] = tree.Tree;
        }
        catch (ForgeException e) when (e.InnerException is NotFoundException)
        {
            // "No such commit" only if the repository itself is still there for us.
            try
            {
                await CallAsync(() => client.Repository.Get(repo.Owner, repo.Name), $"repository {repo.FullName}", cancellationToken);
            }
            catch (ForgeException gone) when (gone.InnerException is NotFoundException)
            {
                throw new ForgeException(ForgeFailure.Permanent, $"repository {repo.FullName} is gone or not accessible with the course's credentials", inner: gone);
            }
            return trees[sha] = [];
        }
    }

    public async Task ReportAsync(RepoRef repo, string commitSha, CommitReport report, CancellationToken cancellationToken)
    {
        var status = new NewCommitStatus
        {
            State = report.State switch
            {
                CommitState.Pending => OctokitCommitState.Pending,
                CommitState.Success => OctokitCommitState.Success,
                CommitState.Failure => OctokitCommitState.Failure,
                _ => OctokitCommitState.Error,
            },
            Description = report.Description.Length > MaxDescription ? report.Description[..(MaxDescription - 1)] + "…" : report.Description,
            TargetUrl = report.TargetUrl,
            Context = report.Context,
        };
        await CallAsync(() => client.Repository.Status.Create(repo.Owner, repo.Name, commitSha, status),
            $"status on {repo.FullName}@{commitSha[..7]}", cancellationToken);
    }

    /// <summary>
    /// One Octokit call, bounded by the request timeout (most of Octokit's calls take no
    /// cancellation token, and its timeout ends when the answer's headers arrive), with its failure
    /// classified. A 401 with a renewable (App installation) token drops the cached token and is
    /// transient: a revoked token must not fail every job of the course until it would have expired.
    /// </summary>
    private async Task<T> CallAsync<T>(Func<Task<T>> call, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await call().WaitAsync(timeout, cancellationToken);
        }
        catch (AuthorizationException e) when (credentials.Invalidate())
        {
            throw new ForgeException(ForgeFailure.Transient, $"GitHub {what}: 401 {e.Message} (installation token dropped; a new one is made on retry)", inner: e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ForgeException(ForgeFailure.Transient, $"GitHub did not answer in time ({what})", inner: e);
        }
        catch (Exception e) when (GitHubFailures.Classify(e, what, time.GetUtcNow()) is { } failure)
        {
            throw failure;
        }
    }
}
