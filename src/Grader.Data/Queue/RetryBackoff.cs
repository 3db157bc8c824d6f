namespace Grader.Data.Queue;

/// <summary>
/// Exponential backoff with "equal jitter": after attempt n the delay is drawn from
/// [d/2, d] with d = min(max, base * 2^(n-1)), so retries of many jobs that failed together
/// (e.g. while the database restarted) spread out instead of returning in a burst.
/// </summary>
public static class RetryBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random? random = null)
    {
        random ??= Random.Shared;
        double exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        double capped = Math.Min(exponential, maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + random.NextDouble() * capped / 2);
    }
}
