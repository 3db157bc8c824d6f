namespace Grader.Server.Tests;

/// <summary>
/// Bounded waits on something no test can be told about directly: a background worker, a cache
/// that forgets, a log line written on another thread. Reads, and reads again every interval until
/// the reading is what the test waits for or the time is up; the caller asserts on the last
/// reading, so a slow machine only waits longer and a wrong result still fails.
/// </summary>
internal static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, int intervalMs = 100)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var reading = await read();
            if (done(reading) || DateTime.UtcNow >= deadline) return reading;
            await Task.Delay(intervalMs);
        }
    }

    /// <summary>The same for state in this process (log lines, recorded calls, tasks): read without I/O.</summary>
    public static Task<T> ObserveUntilAsync<T>(Func<T> read, Func<T, bool> done, TimeSpan timeout, int intervalMs = 100) =>
        UntilAsync(() => Task.FromResult(read()), done, timeout, intervalMs);

    /// <summary>True once the condition holds; false when the time ran out first.</summary>
    public static Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, int intervalMs = 100) =>
        UntilAsync(condition, holds => holds, timeout, intervalMs);

    public static Task<bool> ObserveUntilAsync(Func<bool> condition, TimeSpan timeout, int intervalMs = 100) =>
        ObserveUntilAsync(condition, holds => holds, timeout, intervalMs);
}
