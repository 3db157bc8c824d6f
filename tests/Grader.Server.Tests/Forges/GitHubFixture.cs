using System.Collections.Concurrent;
using System.Security.Cryptography;
using Grader.Data.Admin;
using Grader.Data.Entities;
using Grader.Worker.Forges;
using Grader.Worker.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grader.Server.Tests.Forges;

/// <summary>
/// The service (API + worker) and a fake GitHub on loopback. Course ai6126 authenticates with a
/// personal token; course rptu as a GitHub App (its private key in a temporary PEM file).
/// </summary>
public class GitHubFixture : ServerFixture
{
    public const string Secret = "webhook-secret-of-ai6126-0123456789";
    public const string RptuSecret = "webhook-secret-of-rptu-9876543210";
    public const string Token = "ghp_personal_token_for_tests";
    public const long AppId = 4242, InstallationId = 777;

    public FakeGitHub GitHub { get; } = new();
    public RSA AppKey { get; } = RSA.Create(2048);
    public LogCapture Logs { get; } = new();
    private readonly string keyPath = Path.Combine(Path.GetTempPath(), $"grader-app-{Guid.NewGuid():N}.pem");

    public ForgeOptions ForgeOptions { get; } = new() { ModelBytes = 64 << 10, RequestTimeout = TimeSpan.FromSeconds(10) };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(ForgeOptions);
        services.AddSingleton<ILoggerProvider>(Logs);
        // Model items are evaluated too (a model's first byte is its accuracy in percent), so the
        // report after the last model mark is exercised.
        services.AddSingleton<Grader.Worker.Models.IModelEvaluator, Grader.Server.Tests.Workers.FakeEvaluator>();
    }

    public override async Task InitializeAsync()
    {
        await GitHub.StartAsync();
        await File.WriteAllTextAsync(keyPath, AppKey.ExportPkcs8PrivateKeyPem());
        await base.InitializeAsync();
        Check(await ForgeDirectory.SetCourseAsync(Contexts, new ForgeSetting
        {
            CourseId = "ai6126", ApiUrl = GitHub.Url.ToString(), WebhookSecret = Secret, Token = Token, PublicUrl = "https://grader.example.org",
        }, CancellationToken.None));
        Check(await ForgeDirectory.SetCourseAsync(Contexts, new ForgeSetting
        {
            CourseId = "rptu", ApiUrl = GitHub.Url.ToString(), WebhookSecret = RptuSecret, AppId = AppId, InstallationId = InstallationId,
            PrivateKeyPath = keyPath, PublicUrl = "https://grader.example.org",
        }, CancellationToken.None));
        Check(await ForgeDirectory.SetAssignmentAsync(Contexts, "ai6126-hw1", "main", "answers.yaml",
            new Dictionary<string, string>(), "hw1-{github_user}", CancellationToken.None));
        Check(await ForgeDirectory.SetAssignmentAsync(Contexts, "rptu-dl-ex2", "main", "submission/answers.yaml",
            new Dictionary<string, string> { ["2.4.cifar10"] = "submission/cifar10.onnx" }, null, CancellationToken.None));
    }

    private static void Check(string? error)
    {
        if (error is not null) throw new InvalidOperationException(error);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await GitHub.DisposeAsync();
        File.Delete(keyPath);
        AppKey.Dispose();
    }
}

/// <summary>One log entry of warning level or above: its level, its message, and whether an exception (a stack trace) came with it.</summary>
public sealed record LogEntry(LogLevel Level, string Category, string Message, Exception? Exception);

/// <summary>Keeps the service's log lines (warnings and above) so tests can see what it said.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            capture.Lines.Enqueue(formatter(state, exception));
            capture.Entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), exception));
        }
    }
}
