using Grader.Evaluation;
using Grader.Worker.Sandbox.Protocol;

namespace Grader.Worker.Sandbox;

/// <summary>What the parent saw of one evaluation child, from its frames and its exit.</summary>
internal sealed record ChildEnd
{
    /// <summary>It sent its ready frame: the sandbox started, and what follows is the model's doing.</summary>
    public bool Ready { get; init; }
    public ModelEvaluationResult? Result { get; init; }
    public ChildFailure? Failure { get; init; }
    /// <summary>What was wrong with its frames, when they could not be read (the parent then killed it).</summary>
    public string? Garbled { get; init; }
    /// <summary>The parent killed it at the wall-clock limit.</summary>
    public bool TimedOut { get; init; }
    /// <summary>128 + N when a signal N ended it.</summary>
    public int ExitCode { get; init; }
    public string ErrorTail { get; init; } = "";
}

/// <summary>
/// Whose problem an evaluation child's end is. Once the child said it was ready, whatever it does
/// is the network's doing: crashing, running out of memory, time or CPU is the student's 0 with
/// the reason. A child that never got ready, one killed from outside the grader (the system's
/// out-of-memory killer, an operator) and a failure the child itself reports as the grader's
/// (a data set not imported, a GPU fault) are infrastructure errors: retried, then dead and
/// visible to staff.
/// </summary>
internal static class ChildVerdict
{
    private const int SignalBase = 128;

    public static ModelEvaluationResult Judge(ChildEnd end, SandboxLimits limits)
    {
        if (!end.Ready) throw NotStarted(end);
        if (end.Result is { } result) return result;
        if (end.Failure is { } failure)
            throw failure.Kind switch
            {
                FailureKind.Student => Student(failure.Message),
                FailureKind.OutOfMemory => Student(MemoryMessage(limits)),
                _ => new ModelEvaluationException(failure.Message, isStudentError: false),
            };
        if (end.Garbled is { } garbled)
            throw Student($"the evaluation process sent an answer the grader cannot read ({garbled})");
        if (end.TimedOut)
            throw Student($"the evaluation took longer than the limit of {SandboxLimits.Duration(limits.TimeLimit)}");
        int signal = end.ExitCode > SignalBase ? end.ExitCode - SignalBase : 0;
        if (signal == Signals.CpuTime)
            throw Student($"the network used more than {SandboxLimits.Duration(limits.EffectiveCpuTime)} of CPU time");
        if (signal == Signals.FileSize)
            throw Student($"the evaluation tried to write a file larger than {SandboxLimits.Bytes(limits.FileBytes)}");
        if (end.ErrorTail.Contains("OutOfMemory", StringComparison.Ordinal) || end.ErrorTail.Contains("Out of memory", StringComparison.OrdinalIgnoreCase))
            throw Student(MemoryMessage(limits));
        if (Signals.FromOutside.Contains(signal))
            throw new ModelEvaluationException(
                $"the evaluation process was stopped from outside the grader ({Signals.Name(signal)}: the system's out-of-memory killer, or an operator){Tail(end)}",
                isStudentError: false);
        if (signal != 0)
            throw Student($"the evaluation process crashed while running the network ({Signals.Name(signal)})");
        throw Student($"the evaluation process ended without a result ({ExitDescription(end.ExitCode)})");
    }

    public static SandboxUnavailableException NotStarted(ChildEnd end) =>
        new(end.TimedOut ? "the sandbox did not start in time" : $"the sandbox did not start ({ExitDescription(end.ExitCode)}){Tail(end)}");

    public static string MemoryMessage(SandboxLimits limits) => $"the network used more than {SandboxLimits.Bytes(limits.MemoryBytes)} of memory";

    private static ModelEvaluationException Student(string message) => new(message, isStudentError: true);

    private static string ExitDescription(int code) =>
        code > SignalBase ? $"ended by {Signals.Name(code - SignalBase)}" : $"exit code {code}";

    private static string Tail(ChildEnd end) => end.ErrorTail.Length == 0 ? "" : ": " + end.ErrorTail.Trim();
}

/// <summary>The Linux signal numbers the verdict tells apart.</summary>
internal static class Signals
{
    public const int CpuTime = 24;  // SIGXCPU: RLIMIT_CPU's soft limit
    public const int FileSize = 25; // SIGXFSZ: RLIMIT_FSIZE

    /// <summary>Sent by someone else: SIGHUP, SIGINT, SIGKILL, SIGTERM.</summary>
    public static readonly IReadOnlySet<int> FromOutside = new HashSet<int> { 1, 2, 9, 15 };

    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "SIGHUP", [2] = "SIGINT", [4] = "SIGILL", [5] = "SIGTRAP", [6] = "SIGABRT", [7] = "SIGBUS", [8] = "SIGFPE",
        [9] = "SIGKILL", [11] = "SIGSEGV", [13] = "SIGPIPE", [15] = "SIGTERM", [24] = "SIGXCPU", [25] = "SIGXFSZ", [31] = "SIGSYS",
    };

    public static string Name(int signal) => Names.GetValueOrDefault(signal, $"signal {signal}");
}
