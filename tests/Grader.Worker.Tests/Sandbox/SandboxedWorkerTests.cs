using System.Text.Json;
using Grader.Data.Entities;
using Grader.Data.Files;
using Grader.Data.Queue;
using Grader.TestSupport;
using Grader.Worker.Models;
using Grader.Worker.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Grader.Worker.Tests.Sandbox;

/// <summary>A database with one assignment: a Fashion-MNIST CNN (ONNX) worth 5 points at 85%.</summary>
public sealed class SandboxWorkerDatabase : PostgresDatabase
{
    public const string Assignment = "sandbox-fashion";

    private const string Rubric = """
        id: sandbox-fashion
        title: "Sandbox tests: a Fashion-MNIST CNN"
        total: 5
        items:
          - id: cnn
            prompt: "A CNN for Fashion-MNIST (ONNX), at least 85% test accuracy."
            points: 5
            kind: model
            model:
              dataset: fashion-mnist
              threshold: 0.85
              formats: [onnx]
              preprocessing:
                mean: [0.2860]
                std: [0.3530]
        """;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var imported = await Grader.Data.Admin.RubricImporter.ImportAsync(Contexts, Rubric, "sandbox-fashion.yaml", null, CancellationToken.None);
        Assert.True(imported.Success, string.Join("\n", imported.Problems));
    }
}

/// <summary>
/// A real worker (generic host, PostgreSQL queue) whose gpu queue evaluates in sandbox children:
/// networks that exhaust memory or CPU get their 0 with the reason, a child killed mid-way is
/// retried and then graded, and the worker goes on grading the other submissions throughout.
/// </summary>
[Collection(SandboxChildren.Name)]
public sealed class SandboxedWorkerTests(SandboxWorkerDatabase database, ImportedFashionMnist data)
    : IClassFixture<SandboxWorkerDatabase>, IClassFixture<ImportedFashionMnist>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    private static byte[] Fixture(params string[] parts) => File.ReadAllBytes(RepositoryRoot.Fixture(parts));

    /// <summary>What the upload endpoint stores: the submission, its answers and model files, its cpu job.</summary>
    private async Task<Guid> SubmitAsync(byte[] model)
    {
        var student = await Seed.StudentAsync(database, "sandbox", $"s-{Guid.NewGuid():N}"[..14]);
        var answers = "answers:\n  cnn: model.onnx\n"u8.ToArray();
        var store = new FileStore(database.Contexts);
        var answersSha = await store.PutAsync(answers, CancellationToken.None);
        var modelSha = await store.PutAsync(model, CancellationToken.None);
        await using var db = await database.OpenAsync();
        var assignment = await db.Assignments.AsNoTracking().SingleAsync(a => a.Id == SandboxWorkerDatabase.Assignment);
        var submission = new Submission
        {
            Id = Guid.CreateVersion7(), AssignmentId = assignment.Id, RubricVersionId = assignment.CurrentVersionId!.Value,
            StudentId = student.PersonId, SubmittedAt = DateTimeOffset.UtcNow, Status = SubmissionStatus.Queued,
            Files =
            [
                new SubmissionFile { Role = FileRoles.Answers, FileName = "answers.yaml", ContentType = "application/yaml", Sha256 = answersSha, Size = answers.Length },
                new SubmissionFile { Role = FileRoles.Model, ItemId = "cnn", FileName = "model.onnx", ContentType = "application/octet-stream", Sha256 = modelSha, Size = model.Length },
            ],
        };
        db.Submissions.Add(submission);
        new JobQueue(database.Contexts, new QueueOptions()).Enqueue(db, QueueNames.Cpu, JobKinds.GradeSubmission, submission.Id);
        await db.SaveChangesAsync();
        return submission.Id;
    }

    private IHost Worker(SandboxLimits limits)
    {
        var evaluator = new SandboxedModelEvaluator(new ModelEvaluatorSettings(data.DataDirectory), TestSandbox.Create(data.DataDirectory, limits));
        return WorkerHost.Build(database.ConnectionString,
            new WorkerSettings { Queues = [QueueNames.Cpu, QueueNames.Gpu], Concurrency = 1, Name = "sandbox-test" },
            new QueueOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(200), PollInterval = TimeSpan.FromMilliseconds(200) },
            services => services.AddSingleton<IModelEvaluator>(evaluator));
    }

    /// <summary>Waits (bounded) until every one of the submissions is graded or failed.</summary>
    private async Task<Dictionary<Guid, Submission>> SettledAsync(params Guid[] ids)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            await using var db = await database.OpenAsync();
            var submissions = await db.Submissions.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, timeout.Token);
            if (submissions.Values.All(s => s.Status is SubmissionStatus.Graded or SubmissionStatus.Failed)) return submissions;
            await Task.Delay(200, timeout.Token);
        }
    }

    private async Task<Mark> MarkAsync(Guid submission)
    {
        await using var db = await database.OpenAsync();
        return await db.Marks.AsNoTracking().SingleAsync(m => m.SubmissionId == submission && m.ItemId == "cnn");
    }

    private async Task<Job> ModelJobAsync(Guid submission)
    {
        await using var db = await database.OpenAsync();
        return await db.Jobs.AsNoTracking().SingleAsync(j => j.SubmissionId == submission && j.Kind == JobKinds.EvaluateModel);
    }

    [FashionMnistFact]
    public async Task Networks_that_exhaust_memory_or_cpu_get_their_zero_and_the_worker_grades_the_rest()
    {
        var memoryHog = await SubmitAsync(Fixture("sandbox", "memory_hog.onnx"));
        var cpuHog = await SubmitAsync(Fixture("sandbox", "time_hog.onnx"));
        var good = await SubmitAsync(Fixture("fashion-mnist", "fashion_cnn.onnx"));
        using var worker = Worker(new SandboxLimits { MemoryBytes = 1L << 30, CpuTime = TimeSpan.FromSeconds(40) });
        await worker.StartAsync();
        var settled = await SettledAsync(memoryHog, cpuHog, good);
        await worker.StopAsync();

        Assert.All(settled.Values, s => Assert.Equal(SubmissionStatus.Graded, s.Status));
        var memory = await MarkAsync(memoryHog);
        Assert.Equal(("invalid", 0.0), (memory.Result, memory.Points));
        Assert.Equal("Your model could not be evaluated: the network used more than 1 GiB of memory", memory.Feedback);
        var cpu = await MarkAsync(cpuHog);
        Assert.Equal(("invalid", 0.0), (cpu.Result, cpu.Points));
        Assert.Equal("Your model could not be evaluated: the network used more than 40 s of CPU time", cpu.Feedback);
        var mark = await MarkAsync(good);
        Assert.Equal(("correct", 5.0), (mark.Result, mark.Points));
        Assert.Contains("9,058 of 10,000", mark.Feedback);

        // Each model ran once (a student's 0 is not retried), and the record says where and under which limits.
        foreach (var id in new[] { memoryHog, cpuHog, good }) Assert.Equal(1, (await ModelJobAsync(id)).Attempts);
        string sandbox = JsonDocument.Parse(mark.Details!).RootElement.GetProperty("model").GetProperty("sandbox").GetString()!;
        Assert.Contains("1 GiB memory", sandbox);
        Assert.Contains("40 s CPU", sandbox);
        await using var db = await database.OpenAsync();
        var engines = await db.GradingRuns.AsNoTracking().Where(r => r.SubmissionId == good && r.Outcome.StartsWith("model")).Select(r => r.EngineVersion).ToListAsync();
        Assert.EndsWith($"(cpu) in a {sandbox}", Assert.Single(engines));
    }

    [FashionMnistFact]
    public async Task A_child_killed_mid_evaluation_is_retried_then_graded_and_the_worker_goes_on()
    {
        var victim = await SubmitAsync(Fixture("fashion-mnist", "fashion_cnn.onnx"));
        using var worker = Worker(new SandboxLimits());
        await worker.StartAsync();
        int killed = await KillTheEvaluationChildAsync();
        await SettledAsync(victim);
        var next = await SubmitAsync(Fixture("fashion-mnist", "fashion_cnn.onnx"));
        await SettledAsync(next);
        await worker.StopAsync();

        Assert.True(killed > 0);
        var job = await ModelJobAsync(victim);
        Assert.Equal((JobStates.Succeeded, 2), (job.State, job.Attempts));
        // Killed after it said it was ready: "stopped from outside"; before: "did not start". Either way, not the student's.
        Assert.Contains("SIGKILL", job.LastError);
        foreach (var id in new[] { victim, next })
        {
            var mark = await MarkAsync(id);
            Assert.Equal(("correct", 5.0), (mark.Result, mark.Points));
            Assert.Contains("9,058 of 10,000", mark.Feedback);
        }
    }

    /// <summary>SIGKILL to the evaluation child once it has spent 0.2 s of CPU time, as the system's
    /// out-of-memory killer or an operator would: well before its result (the whole evaluation
    /// takes about 1.4 CPU-seconds; SandboxedEvaluationTests kills one at its first images).</summary>
    private static async Task<int> KillTheEvaluationChildAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            if (ChildProcesses.EvaluationChild() is { CpuTicks: >= 20 } child)
            {
                System.Diagnostics.Process.GetProcessById(child.Pid).Kill();
                return child.Pid;
            }
            await Task.Delay(50, timeout.Token);
        }
    }
}
