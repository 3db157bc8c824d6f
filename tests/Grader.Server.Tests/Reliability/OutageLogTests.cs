using System.Collections.Concurrent;
using System.Net;
using Grader.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grader.Server.Tests.Reliability;

/// <summary>The API alone (no worker) on a cluster the test stops, with every log entry kept.</summary>
public sealed class LoggedServerOnThrowawayCluster : ServerOnThrowawayCluster
{
    public EntryCapture Log { get; } = new();

    protected override WorkerSettings? Worker => null;

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Log);
}

/// <summary>Log entries with their category, level and whether they carried an exception (a stack trace).</summary>
public sealed class EntryCapture : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, string Message, bool HasException);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(EntryCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) capture.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception is not null));
        }
    }
}

public sealed class OutageLogTests(LoggedServerOnThrowawayCluster server) : IClassFixture<LoggedServerOnThrowawayCluster>
{
    [Fact]
    public async Task An_outage_is_one_warning_when_it_starts_and_one_line_when_it_ends_not_entries_per_request()
    {
        using var client = server.Client(await server.StudentTokenAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}")).StatusCode);
        server.Log.Entries.Clear();

        await server.Cluster.StopAsync();
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 30; i++) statuses.Add((await client.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}")).StatusCode);
        var duringOutage = server.Log.Entries.ToList();
        await server.Cluster.StartAsync();
        await Poll.ObserveUntilAsync(() => server.Log.Entries.Any(e => e.Message.StartsWith("database available again", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
        Assert.Single(duringOutage, e => e.Message.StartsWith("database unavailable", StringComparison.Ordinal));
        Assert.DoesNotContain(duringOutage, e => e.Level >= LogLevel.Error || e.HasException);
        Assert.DoesNotContain(duringOutage, e => e.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        var end = Assert.Single(server.Log.Entries, e => e.Message.StartsWith("database available again", StringComparison.Ordinal));
        Assert.Contains("30 requests were answered 503", end.Message);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/submissions/{Guid.NewGuid()}")).StatusCode);
    }
}
