using Grader.Core.Rubrics;
using Grader.Evaluation;
using Grader.Worker.Models;
using Grader.Worker.Sandbox;
using Grader.Worker.Sandbox.Launch;

namespace Grader.Worker.Tests.Sandbox;

/// <summary>
/// Models evaluated in real sandbox children (bubblewrap where installed) on the real
/// Fashion-MNIST test set: the same counts as in-process (PyTorch measured 9,058 of 10,000), and
/// for networks that exhaust memory, time or CPU, or a child killed mid-way, the right owner and
/// reason, with the next evaluation unaffected.
/// </summary>
[Collection(SandboxChildren.Name)]
public sealed class SandboxedEvaluationTests(ImportedFashionMnist data) : IClassFixture<ImportedFashionMnist>
{
    private static readonly ModelRequirement Requirement = new("fashion-mnist", "accuracy", 0.85, null, ["onnx", "pt"])
    {
        Preprocessing = new ModelPreprocessing { AllowSubmissionNormalization = true },
    };

    private static readonly ModelAnswer Normalisation = new("fashion_cnn.onnx", [0.2860], [0.3530], null);

    private static ModelEvaluationJob Job(byte[] model, ModelAnswer? answer = null, ModelRequirement? requirement = null) =>
        new(Guid.NewGuid(), "cnn", requirement ?? Requirement, model, answer ?? Normalisation);

    private static byte[] Fixture(params string[] parts) => File.ReadAllBytes(RepositoryRoot.Fixture(parts));

    private SandboxedModelEvaluator Evaluator(SandboxLimits? limits = null, SandboxChoice choice = SandboxChoice.Auto) =>
        new(new ModelEvaluatorSettings(data.DataDirectory), TestSandbox.Create(data.DataDirectory, limits, choice));

    private async Task<ModelEvaluation> GoodModelAsync(IModelEvaluator evaluator)
    {
        var evaluation = await evaluator.EvaluateAsync(Job(Fixture("fashion-mnist", "fashion_cnn.onnx")), CancellationToken.None);
        Assert.Equal(9058, evaluation.Details!.Correct);
        return evaluation;
    }

    [FashionMnistFact]
    public async Task Sandboxed_and_in_process_evaluations_agree_exactly()
    {
        var inProcess = await GoodModelAsync(new EngineModelEvaluator(new ModelEvaluatorSettings(data.DataDirectory)));
        var choices = TestSandbox.HasBubblewrap ? new[] { SandboxChoice.Process, SandboxChoice.Bubblewrap } : [SandboxChoice.Process];
        foreach (var choice in choices)
        {
            var evaluator = Evaluator(choice: choice);
            var sandboxed = await GoodModelAsync(evaluator);
            Assert.Equal(inProcess.Metric, sandboxed.Metric);
            Assert.Equal(inProcess.Note, sandboxed.Note);
            var (expected, actual) = (inProcess.Details!, sandboxed.Details!);
            Assert.Equal((expected.Correct, expected.Total, expected.ModelSha256, expected.DatasetSha256, expected.Engine),
                (actual.Correct, actual.Total, actual.ModelSha256, actual.DatasetSha256, actual.Engine));
            Assert.Equal(expected.ConfusionMatrix.Select(row => row.ToArray()), actual.ConfusionMatrix.Select(row => row.ToArray()));
            Assert.Equal(expected.PerClassAccuracy, actual.PerClassAccuracy);
            Assert.Equal(expected.Classes, actual.Classes);
            // Where it ran is recorded with the mark and the grading run.
            Assert.Null(expected.Sandbox);
            string where = choice == SandboxChoice.Bubblewrap ? "bubblewrap sandbox (no network, read-only files; 4 GiB memory" : "child process without bubblewrap";
            Assert.StartsWith(where, actual.Sandbox);
            Assert.EndsWith($"(cpu) in a {actual.Sandbox}", evaluator.EngineVersion);
        }
    }

    [FashionMnistFact]
    public async Task A_state_dict_is_loaded_into_the_rubrics_architecture_in_the_sandbox()
    {
        var requirement = Models.EngineStateDictTests.Requirement;
        var evaluation = await Evaluator().EvaluateAsync(
            Job(Fixture("fashion-mnist", "fashion_cnn.pt"), new ModelAnswer("fashion_cnn.pt", null, null, null), requirement), CancellationToken.None);
        Assert.Contains("9,058 of 10,000", evaluation.Note);
    }

    [FashionMnistFact]
    public async Task A_network_past_the_memory_limit_gets_nothing_and_the_next_one_is_evaluated()
    {
        // memory_hog.onnx: 314 MB of activations per image, so its batches need about 2 GiB.
        var evaluator = Evaluator(new SandboxLimits { MemoryBytes = 1L << 30 });
        var rejected = await Assert.ThrowsAsync<ModelRejectedException>(() =>
            evaluator.EvaluateAsync(Job(Fixture("sandbox", "memory_hog.onnx")), CancellationToken.None));
        Assert.Equal("the network used more than 1 GiB of memory", rejected.Message);
        await GoodModelAsync(evaluator);
    }

    [FashionMnistFact]
    public async Task A_network_past_the_time_limit_gets_nothing()
    {
        // time_hog.onnx: 17 GFLOP per image, about an hour for the test set.
        var evaluator = Evaluator(new SandboxLimits { TimeLimit = TimeSpan.FromSeconds(5), StartupAllowance = TimeSpan.Zero });
        var rejected = await Assert.ThrowsAsync<ModelRejectedException>(() =>
            evaluator.EvaluateAsync(Job(Fixture("sandbox", "time_hog.onnx")), CancellationToken.None));
        Assert.StartsWith("the evaluation took longer than the limit of ", rejected.Message);
    }

    [FashionMnistFact]
    public async Task A_network_past_the_cpu_time_limit_gets_nothing()
    {
        var evaluator = Evaluator(new SandboxLimits { CpuTime = TimeSpan.FromSeconds(3) });
        var rejected = await Assert.ThrowsAsync<ModelRejectedException>(() =>
            evaluator.EvaluateAsync(Job(Fixture("sandbox", "time_hog.onnx")), CancellationToken.None));
        Assert.Equal("the network used more than 3 s of CPU time", rejected.Message);
    }

    [FashionMnistFact]
    public async Task A_child_killed_mid_evaluation_is_retried_not_blamed_and_the_next_evaluation_runs()
    {
        var sandbox = TestSandbox.Create(data.DataDirectory);
        var request = new ModelEvaluationRequest(Fixture("fashion-mnist", "fashion_cnn.onnx"), "fashion-mnist", data.DataDirectory,
            Requirement.Preprocessing) { Answer = Normalisation };
        var killer = new KillOnFirstProgress();
        var failure = await Assert.ThrowsAsync<ModelEvaluationException>(() => sandbox.EvaluateAsync(request, killer, CancellationToken.None));
        Assert.NotNull(killer.Killed);
        Assert.False(failure.IsStudentError); // the job is retried
        Assert.StartsWith("the evaluation process was stopped from outside the grader (SIGKILL", failure.Message);

        var again = await sandbox.EvaluateAsync(request, null, CancellationToken.None);
        Assert.Equal(9058, again.Correct);
    }

    /// <summary>SIGKILL to the evaluating child as soon as it reports its first images: the system's
    /// out-of-memory killer or an operator, mid-evaluation.</summary>
    private sealed class KillOnFirstProgress : IProgress<EvaluationProgress>
    {
        public int? Killed { get; private set; }

        public void Report(EvaluationProgress value)
        {
            if (Killed is not null || ChildProcesses.EvaluationChild() is not { } child) return;
            System.Diagnostics.Process.GetProcessById(child.Pid).Kill();
            Killed = child.Pid;
        }
    }

    [Fact]
    public async Task A_broken_model_is_the_students_and_a_missing_data_set_the_graders_in_the_sandbox_too()
    {
        var empty = Directory.CreateTempSubdirectory("grader-no-data-");
        try
        {
            var evaluator = new SandboxedModelEvaluator(new ModelEvaluatorSettings(empty.FullName), TestSandbox.Create(empty.FullName));
            var rejected = await Assert.ThrowsAsync<ModelRejectedException>(() => evaluator.EvaluateAsync(Job([1, 2, 3, 4]), CancellationToken.None));
            Assert.Contains("could not be loaded", rejected.Message);
            var missing = await Assert.ThrowsAsync<ModelEvaluationException>(() =>
                evaluator.EvaluateAsync(Job(Fixture("fashion-mnist", "fashion_cnn.onnx")), CancellationToken.None));
            Assert.False(missing.IsStudentError);
            Assert.Contains("is not imported", missing.Message);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_sandbox_that_cannot_start_is_the_graders_problem_not_the_students()
    {
        var job = Job(Fixture("fashion-mnist", "fashion_cnn.onnx"));
        var noBubblewrap = TestSandbox.Settings(data.DataDirectory) with { Isolation = SandboxIsolation.Bubblewrap, BubblewrapPath = "/nonexistent/bwrap" };
        var missing = new SandboxedModelEvaluator(new ModelEvaluatorSettings(data.DataDirectory),
            new ModelSandbox(new SandboxLauncher(noBubblewrap), ChildProgram.Grader()));
        var failure = await Assert.ThrowsAsync<SandboxUnavailableException>(() => missing.EvaluateAsync(job, CancellationToken.None));
        Assert.Contains("/nonexistent/bwrap", failure.Message);

        // A child that exits without its ready frame: the sandbox did not start.
        var mute = new SandboxedModelEvaluator(new ModelEvaluatorSettings(data.DataDirectory),
            new ModelSandbox(new SandboxLauncher(TestSandbox.Settings(data.DataDirectory)), new ChildProgram("/usr/bin/true", [])));
        var silent = await Assert.ThrowsAsync<SandboxUnavailableException>(() => mute.EvaluateAsync(job, CancellationToken.None));
        Assert.StartsWith("the sandbox did not start (exit code 0)", silent.Message);
    }
}
