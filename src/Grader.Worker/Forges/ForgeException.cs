namespace Grader.Worker.Forges;

public enum ForgeFailure
{
    /// <summary>5xx, timeouts, connection errors: retried with the queue's backoff.</summary>
    Transient,
    /// <summary>Rate limited: retried once <see cref="ForgeException.RetryAfter"/> has passed.</summary>
    RateLimited,
    /// <summary>Repository gone, no access, bad credentials: retrying cannot help.</summary>
    Permanent,
}

/// <summary>A forge API call that failed, with what the caller should do about it.</summary>
public sealed class ForgeException(ForgeFailure failure, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public ForgeFailure Failure { get; } = failure;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
