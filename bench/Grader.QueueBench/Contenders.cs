using Grader.Data;
using Grader.Data.Files;
using Grader.Data.Queue;
using Grader.Data.Rubrics;
using Grader.Worker;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Grader.QueueBench;

/// <summary>A job system under test: how its jobs are enqueued, how its workers start, and how finished jobs are counted.</summary>
public interface IContender
{
    string Name { get; }

    /// <summary>True when the jobs are inserted with their submissions (our queue); else <see cref="EnqueueAsync"/> adds them after.</summary>
    bool EnqueuesWithSubmissions { get; }

    Task EnqueueAsync(string connectionString, IReadOnlyList<Guid> submissions);

    /// <summary>Starts the workers; disposing the result stops them and closes their connections.</summary>
    Task<IAsyncDisposable> StartAsync(string connectionString);

    /// <summary>One statement counting the finished jobs.</summary>
    string FinishedJobsSql { get; }
}

/// <summary>Our queue: the `grader worker` host (GradingWorker, batched claims) in this process.</summary>
public sealed class OurQueue(int concurrency, int batchSize) : IContender
{
    public string Name => $"ours, concurrency {concurrency}, batch {batchSize}";
    public bool EnqueuesWithSubmissions => true;
    public Task EnqueueAsync(string connectionString, IReadOnlyList<Guid> submissions) => Task.CompletedTask;
    public string FinishedJobsSql => "SELECT count(*) FROM jobs WHERE state = 'succeeded'";

    public async Task<IAsyncDisposable> StartAsync(string connectionString)
    {
        var host = WorkerHost.Build(connectionString,
            new WorkerSettings { Concurrency = concurrency, BatchSize = batchSize, Name = "bench" },
            new QueueOptions { PollInterval = TimeSpan.FromMilliseconds(200) },
            services => services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)));
        await host.StartAsync();
        return new Stopper(async () =>
        {
            await host.StopAsync();
            host.Dispose(); // disposes the data source: its connections close
        });
    }
}

/// <summary>
/// Hangfire 1.8 on Hangfire.PostgreSql 1.21 as its documentation sets it up: polling every 100 ms,
/// a sliding invisibility timeout of 30 s, and the plain connection string (Npgsql's defaults:
/// a session reset, DISCARD ALL, whenever a pooled connection is reused). <c>tuned</c> gives it
/// the connection settings our data source uses (no reset, automatic preparation) to show what
/// they are worth to it.
/// </summary>
public sealed class HangfireQueue(int workerCount, bool tuned) : IContender
{
    public string Name => $"Hangfire, {workerCount} workers" + (tuned ? ", our connection settings" : "");
    public bool EnqueuesWithSubmissions => false;
    public string FinishedJobsSql => "SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded'";

    private static readonly PostgreSqlStorageOptions Options = new()
    {
        QueuePollInterval = TimeSpan.FromMilliseconds(100),
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = TimeSpan.FromSeconds(30),
        PrepareSchemaIfNecessary = true,
    };

    private string Connection(string connectionString) => tuned
        ? new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true, MaxAutoPrepare = GraderDataSource.DefaultMaxAutoPrepare }.ConnectionString
        : connectionString;

    private PostgreSqlStorage Storage(string connectionString) =>
        new(new NpgsqlConnectionFactory(Connection(connectionString), Options), Options);

    public async Task EnqueueAsync(string connectionString, IReadOnlyList<Guid> submissions)
    {
        var client = new BackgroundJobClient(Storage(connectionString));
        await Parallel.ForEachAsync(submissions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, (id, _) =>
        {
            client.Enqueue<HangfireGradingJob>(job => job.RunAsync(id));
            return ValueTask.CompletedTask;
        });
        NpgsqlConnection.ClearAllPools();
    }

    public Task<IAsyncDisposable> StartAsync(string connectionString)
    {
        var dataSource = GraderDataSource.Create(connectionString);
        var services = new ServiceCollection()
            .AddSingleton(dataSource)
            .AddSingleton(DataServices.CreateFactory(dataSource))
            .AddSingleton<FileStore>()
            .AddSingleton<RubricCache>()
            .AddSingleton<HangfireGradingJob>()
            .BuildServiceProvider();
        var server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            WorkerCount = workerCount,
            Activator = new ServiceActivator(services),
            ServerName = "bench",
        }, Storage(connectionString));
        IAsyncDisposable stopper = new Stopper(async () =>
        {
            server.SendStop();
            server.Dispose(); // waits for its workers
            await services.DisposeAsync();
            await dataSource.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
        });
        return Task.FromResult(stopper);
    }

    private sealed class ServiceActivator(IServiceProvider services) : JobActivator
    {
        public override object ActivateJob(Type jobType) => services.GetRequiredService(jobType);
    }
}

internal sealed class Stopper(Func<Task> stop) : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await stop();
}
