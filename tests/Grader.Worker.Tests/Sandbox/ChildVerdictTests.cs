using Grader.Evaluation;
using Grader.Worker.Sandbox;
using Grader.Worker.Sandbox.Protocol;

namespace Grader.Worker.Tests.Sandbox;

/// <summary>Whose problem each way an evaluation child can end is, and what the student reads.</summary>
public sealed class ChildVerdictTests
{
    private static readonly SandboxLimits Limits = new()
    {
        MemoryBytes = 4L << 30, TimeLimit = TimeSpan.FromMinutes(20), CpuTime = TimeSpan.FromMinutes(40), FileBytes = 64L << 20,
    };

    private static readonly ChildEnd Started = new() { Ready = true };

    private static ModelEvaluationException Fails(ChildEnd end) =>
        Assert.Throws<ModelEvaluationException>(() => ChildVerdict.Judge(end, Limits));

    private static void IsStudents(ChildEnd end, string message)
    {
        var failure = Fails(end);
        Assert.True(failure.IsStudentError, failure.Message);
        Assert.Equal(message, failure.Message);
    }

    private static void IsInfrastructure(ChildEnd end, string containing)
    {
        var failure = Fails(end);
        Assert.False(failure.IsStudentError, failure.Message);
        Assert.Contains(containing, failure.Message);
    }

    [Fact]
    public void A_child_that_never_got_ready_is_a_sandbox_that_did_not_start()
    {
        var failure = Assert.Throws<SandboxUnavailableException>(() =>
            ChildVerdict.Judge(new ChildEnd { ExitCode = 1, ErrorTail = "bwrap: No permissions to creating new namespace\n" }, Limits));
        Assert.Equal("the sandbox did not start (exit code 1): bwrap: No permissions to creating new namespace", failure.Message);
        // Even a model's worst cannot be blamed on it: nothing of the model had been sent.
        Assert.Throws<SandboxUnavailableException>(() => ChildVerdict.Judge(new ChildEnd { ExitCode = 128 + 11 }, Limits));
        Assert.Throws<SandboxUnavailableException>(() => ChildVerdict.Judge(new ChildEnd { TimedOut = true, ExitCode = 137 }, Limits));
    }

    [Fact]
    public void A_failure_the_child_reports_keeps_its_owner()
    {
        IsStudents(Started with { Failure = new ChildFailure(FailureKind.Student, "the model could not be loaded: not ONNX") },
            "the model could not be loaded: not ONNX");
        IsInfrastructure(Started with { Failure = new ChildFailure(FailureKind.Infrastructure, "the data set 'cifar10' is not imported") },
            "is not imported");
    }

    [Fact]
    public void An_allocation_past_the_memory_limit_is_the_students_with_the_limit_named()
    {
        IsStudents(Started with { Failure = new ChildFailure(FailureKind.OutOfMemory, "Exception of type 'System.OutOfMemoryException' was thrown.") },
            "the network used more than 4 GiB of memory");
        // The runtime itself gave up (no frame, an abort with its message on stderr).
        IsStudents(Started with { ExitCode = 134, ErrorTail = "Out of memory.\n" }, "the network used more than 4 GiB of memory");
        IsStudents(Started with { ExitCode = 134, ErrorTail = "Unhandled exception. System.OutOfMemoryException" },
            "the network used more than 4 GiB of memory");
    }

    [Fact]
    public void Time_and_resource_limits_are_the_students_with_the_limit_named()
    {
        IsStudents(Started with { TimedOut = true, ExitCode = 137 }, "the evaluation took longer than the limit of 20 min");
        IsStudents(Started with { ExitCode = 128 + 24 }, "the network used more than 40 min of CPU time");
        IsStudents(Started with { ExitCode = 128 + 25 }, "the evaluation tried to write a file larger than 64 MiB");
    }

    [Theory]
    [InlineData(11, "SIGSEGV")]
    [InlineData(7, "SIGBUS")]
    [InlineData(4, "SIGILL")]
    [InlineData(6, "SIGABRT")]
    [InlineData(8, "SIGFPE")]
    [InlineData(31, "SIGSYS")]
    public void A_crash_while_running_the_network_is_the_students(int signal, string name) =>
        IsStudents(Started with { ExitCode = 128 + signal }, $"the evaluation process crashed while running the network ({name})");

    [Theory]
    [InlineData(9, "SIGKILL")]
    [InlineData(15, "SIGTERM")]
    [InlineData(2, "SIGINT")]
    [InlineData(1, "SIGHUP")]
    public void A_child_stopped_from_outside_is_retried(int signal, string name) =>
        IsInfrastructure(Started with { ExitCode = 128 + signal }, $"stopped from outside the grader ({name}");

    [Fact]
    public void A_child_that_ends_without_an_answer_or_with_garbage_gets_nothing()
    {
        IsStudents(Started with { ExitCode = 0 }, "the evaluation process ended without a result (exit code 0)");
        IsStudents(Started with { ExitCode = 3 }, "the evaluation process ended without a result (exit code 3)");
        // The parent killed it for unreadable frames: that SIGKILL is not "from outside".
        IsStudents(Started with { Garbled = "a frame of 2,000,000,000 bytes (at most 16,777,216 expected)", ExitCode = 137 },
            "the evaluation process sent an answer the grader cannot read (a frame of 2,000,000,000 bytes (at most 16,777,216 expected))");
    }

    [Fact]
    public void A_result_is_the_answer_however_the_child_then_ended()
    {
        var result = new ModelEvaluationResult("fashion-mnist", 1, 2, [1.0, 0.0], [[1, 0], [1, 0]], ["a", "b"], "m", "d", "e", [1, 28, 28],
            TimeSpan.Zero, TimeSpan.Zero);
        Assert.Same(result, ChildVerdict.Judge(Started with { Result = result, ExitCode = 139 }, Limits));
    }
}
