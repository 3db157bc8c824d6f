using Grader.Evaluation;
using Grader.Worker.Sandbox.Protocol;

namespace Grader.Worker.Sandbox.Child;

/// <summary>
/// The child's side (<c>grader sandbox-child</c>): applies its limits, says it is ready, reads one
/// request and the model's bytes from stdin, evaluates, and writes progress and then the result
/// or a classified failure to stdout. Nothing else may be written to stdout. Without a request
/// (stdin closed at once) it exits after the ready frame: that is the worker's start-up check.
/// </summary>
public static class SandboxChild
{
    /// <summary>Larger than any model the engine accepts (which refuses those with a message).</summary>
    private const int MaxModelBytes = 512 << 20;
    private const int MaxRequestBytes = 1 << 20;

    public static async Task<int> RunAsync(long memoryBytes, long cpuSeconds, long fileBytes, long openFiles, Stream input, Stream output)
    {
        ResourceLimits.DieWithParent();
        var applied = ResourceLimits.Apply(new ProcessLimits(memoryBytes, cpuSeconds, fileBytes, openFiles));
        await Frames.WriteJsonAsync(output, FrameKind.Ready, new ChildReady(Environment.ProcessId, applied), SandboxJson.Default.ChildReady, default);

        var progress = new FrameProgress(output);
        try
        {
            // What the worker sent is the worker's: a frame this child cannot read is the grader's
            // problem (an infrastructure failure), never the student's.
            if (await Frames.ReadAsync(input, MaxRequestBytes, default) is not { } requestFrame) return 0;
            var request = Frames.Parse(Expect(requestFrame, FrameKind.Request), SandboxJson.Default.ChildRequest);
            var model = Expect(await Frames.ReadAsync(input, MaxModelBytes, default), FrameKind.Model);
            var backend = ChildBackend.Open(request.Device);
            var result = await ModelEvaluator.EvaluateAsync(request.ToEvaluation(model, backend), progress, default);
            progress.Final(FrameKind.Result, result, SandboxJson.Default.ModelEvaluationResult);
        }
        catch (Exception e)
        {
            progress.Final(FrameKind.Failure, Classify(e), SandboxJson.Default.ChildFailure);
        }
        return 0;
    }

    internal static ChildFailure Classify(Exception e) => e switch
    {
        _ when IsOutOfMemory(e) => new ChildFailure(FailureKind.OutOfMemory, e.Message),
        ModelEvaluationException m => new ChildFailure(m.IsStudentError ? FailureKind.Student : FailureKind.Infrastructure, m.Message),
        _ => new ChildFailure(FailureKind.Infrastructure, $"{e.GetType().Name}: {e.Message}"),
    };

    private static bool IsOutOfMemory(Exception? e) => e switch
    {
        null => false,
        OutOfMemoryException => true,
        AggregateException a => a.InnerExceptions.Any(IsOutOfMemory),
        _ => IsOutOfMemory(e.InnerException),
    };

    private static byte[] Expect((FrameKind Kind, byte[] Payload)? frame, FrameKind kind) =>
        frame is { } f && f.Kind == kind ? f.Payload : throw new InvalidDataException($"expected a {kind} frame from the worker");

    /// <summary>Progress frames from inside the evaluation loop, and the final frame after them.</summary>
    private sealed class FrameProgress(Stream output) : IProgress<EvaluationProgress>
    {
        private readonly Lock gate = new();

        public void Report(EvaluationProgress value)
        {
            lock (gate) Frames.WriteJson(output, FrameKind.Progress, new ChildProgress(value.ImagesDone, value.ImagesTotal), SandboxJson.Default.ChildProgress);
        }

        public void Final<T>(FrameKind kind, T message, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        {
            lock (gate) Frames.WriteJson(output, kind, message, type);
        }
    }
}
