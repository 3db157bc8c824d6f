using System.Globalization;
using System.Security.Cryptography;
using Grader.Evaluation;
using Grader.Worker.Sandbox.Launch;
using Grader.Worker.Sandbox.Protocol;

namespace Grader.Worker.Sandbox;

/// <summary>
/// Evaluates models in sandbox children: a fresh child for every evaluation, never reused, so a
/// child that ran one student's network never runs another's. The parent sends the request and
/// the model's bytes, relays progress, kills the child at the wall-clock limit, and turns how it
/// ended into the result or an exception that says whose problem it is (<see cref="ChildVerdict"/>).
/// </summary>
public sealed class ModelSandbox(SandboxLauncher launcher, ChildProgram child)
{
    /// <summary>How long a child may take to start and say it is ready (a loaded machine included).</summary>
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The largest frame a child may send (a result with a 1,000-class matrix fits).</summary>
    private const int MaxChildFrameBytes = 16 << 20;

    public SandboxSettings Settings => launcher.Settings;

    /// <summary>Starts a child that only says it is ready, with its limits in force: the worker's
    /// start-up check. Throws <see cref="SandboxUnavailableException"/> with the reason.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var process = Start();
        await ReadyAsync(process, cancellationToken);
        process.Input.Close();
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new SandboxUnavailableException($"the sandbox's start-up check ended with exit code {process.ExitCode}: {(await process.ErrorTailAsync()).Trim()}");
    }

    /// <summary>The child's evaluation of <paramref name="request"/>, on the request's backend
    /// (opened again in the child: the CPU, or the same GPU). Throws <see cref="ModelEvaluationException"/> (the student's or the grader's, as
    /// <see cref="ModelEvaluationException.IsStudentError"/> says) or <see cref="SandboxUnavailableException"/>.</summary>
    public async Task<ModelEvaluationResult> EvaluateAsync(ModelEvaluationRequest request,
        IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        var device = SandboxSetup.Device(request.Backend);
        var limits = Settings.Limits;
        string modelSha256 = Convert.ToHexStringLower(SHA256.HashData(request.ModelBytes.Span));
        await using var process = Start();
        await ReadyAsync(process, cancellationToken);
        // The clock starts once the child is ready: a slow start is the machine's, not the model's.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.WallClock);
        var end = new ChildEnd { Ready = true };
        try
        {
            await SendAsync(process, ChildRequest.From(request, device) with { TimeLimit = limits.TimeLimit }, request.ModelBytes, deadline.Token);
            end = await ReadAnswerAsync(process, end, progress, deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill();
            end = end with { TimedOut = true };
        }
        await process.WaitForExitAsync(CancellationToken.None);
        end = end with { ExitCode = process.ExitCode, ErrorTail = await process.ErrorTailAsync() };
        return ResultCheck.Verify(ChildVerdict.Judge(end, limits), request.Dataset, modelSha256);
    }

    private SandboxProcess Start()
    {
        var limits = Settings.Limits;
        string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
        return launcher.Start(child with
        {
            Arguments =
            [
                .. child.Arguments,
                "--memory-bytes", Number(limits.MemoryBytes),
                "--cpu-seconds", Number((long)Math.Ceiling(limits.EffectiveCpuTime.TotalSeconds)),
                "--file-bytes", Number(limits.FileBytes),
                "--open-files", Number(limits.OpenFiles),
            ],
        });
    }

    /// <summary>Waits for the ready frame and checks the limits it reports: as strict as asked, or the sandbox did not start.</summary>
    private async Task ReadyAsync(SandboxProcess process, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        ChildReady? ready = null;
        string? problem = null;
        try
        {
            if (await Frames.ReadAsync(process.Output, MaxChildFrameBytes, timeout.Token) is { Kind: FrameKind.Ready } frame)
                ready = Frames.Parse(frame.Payload, SandboxJson.Default.ChildReady);
        }
        catch (InvalidDataException e)
        {
            problem = e.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SandboxUnavailableException($"the sandbox did not start within {SandboxLimits.Duration(ReadyTimeout)}");
        }
        if (ready is null)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
            string tail = await process.ErrorTailAsync();
            throw ChildVerdict.NotStarted(new ChildEnd { ExitCode = process.ExitCode, ErrorTail = problem is null ? tail : $"{problem}; {tail}" });
        }
        if (SandboxSettings.ResourceLimitsSupported && !AsStrict(ready.Limits, Settings.Limits))
            throw new SandboxUnavailableException($"the evaluation process could not apply its limits ({ready.Limits} in force; asked for {Settings.Limits.Describe()})");
    }

    private static bool AsStrict(ProcessLimits? applied, SandboxLimits asked) =>
        applied is { } a
        && a.MemoryBytes is >= 0 && a.MemoryBytes <= asked.MemoryBytes
        && a.CpuSeconds is >= 0 && a.CpuSeconds <= Math.Ceiling(asked.EffectiveCpuTime.TotalSeconds)
        && a.FileBytes is >= 0 && a.FileBytes <= asked.FileBytes
        && a.OpenFiles is >= 0 && a.OpenFiles <= asked.OpenFiles;

    /// <summary>The request and the model, then end of input. A child that died meanwhile breaks
    /// the pipe; how it ended then says why.</summary>
    private static async Task SendAsync(SandboxProcess process, ChildRequest request, ReadOnlyMemory<byte> model, CancellationToken cancellationToken)
    {
        try
        {
            await Frames.WriteJsonAsync(process.Input, FrameKind.Request, request, SandboxJson.Default.ChildRequest, cancellationToken);
            await Frames.WriteAsync(process.Input, FrameKind.Model, model, cancellationToken);
            process.Input.Close();
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Progress frames until the result or the failure; a child whose frames cannot be
    /// read is killed, and that is its answer.</summary>
    private static async Task<ChildEnd> ReadAnswerAsync(SandboxProcess process, ChildEnd end, IProgress<EvaluationProgress>? progress,
        CancellationToken cancellationToken)
    {
        try
        {
            while (await Frames.ReadAsync(process.Output, MaxChildFrameBytes, cancellationToken) is { } frame)
            {
                switch (frame.Kind)
                {
                    case FrameKind.Progress:
                        var p = Frames.Parse(frame.Payload, SandboxJson.Default.ChildProgress);
                        progress?.Report(new EvaluationProgress(p.Done, p.Total));
                        break;
                    case FrameKind.Result:
                        return end with { Result = Frames.Parse(frame.Payload, SandboxJson.Default.ModelEvaluationResult) };
                    case FrameKind.Failure:
                        return end with { Failure = Frames.Parse(frame.Payload, SandboxJson.Default.ChildFailure) };
                    default:
                        throw new InvalidDataException($"an unexpected {frame.Kind} frame");
                }
            }
            return end;
        }
        catch (InvalidDataException e)
        {
            process.Kill();
            return end with { Garbled = e.Message };
        }
    }
}
