namespace Grader.Worker;

/// <summary>
/// Thrown by a handler whose remote service asked it to wait (a rate limit with Retry-After or a
/// reset time): the job goes back to the queue until then, and the attempt is not counted,
/// because waiting as told is not a failure.
/// </summary>
public sealed class JobDeferredException(TimeSpan delay, string reason) : Exception(reason)
{
    public TimeSpan Delay { get; } = delay;
}

/// <summary>
/// Thrown by a handler for a failure no retry can fix (the repository is gone, access was
/// withdrawn): the job is dead at once, with this message as its visible error.
/// </summary>
public sealed class PermanentJobFailureException(string message, Exception? inner = null) : Exception(message, inner);
