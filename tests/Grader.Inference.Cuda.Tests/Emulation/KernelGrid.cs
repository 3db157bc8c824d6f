namespace Grader.Inference.Cuda.Tests.Emulation;

/// <summary>
/// An emulated launch shape. The kernels are grid-stride loops, so one thread covers every
/// element; several small blocks of odd sizes also exercise the stride arithmetic. Threads run
/// one after another on the calling thread.
/// </summary>
internal readonly record struct KernelGrid(uint Grid, uint Block)
{
    public static readonly KernelGrid[] All = [new(1, 1), new(3, 4), new(2, 7)];

    /// <summary>Runs every thread of the launch. With <paramref name="output"/> (written, not read,
    /// by the kernel) each thread runs on a poisoned copy, and every element must be written by
    /// exactly one thread: an over-covering stride would write the same values twice and pass a
    /// plain comparison. Elements no thread writes keep their value (earlier launches' blocks).</summary>
    public unsafe void Run(Action thread, HostTensor? output = null)
    {
        var emu = EmulatedKernels.Library;
        emu.SetLaunch(Grid, Block);
        var result = output?.ToArray();
        var writes = new int[output?.Length ?? 0];
        for (uint b = 0; b < Grid; b++)
            for (uint t = 0; t < Block; t++)
            {
                output?.Poison();
                emu.SetThread(b, t);
                thread();
                if (output is null) continue;
                var written = output.Span;
                for (int i = 0; i < written.Length; i++)
                    if (!float.IsNaN(written[i]))
                    {
                        if (++writes[i] > 1) Assert.Fail($"{this}: element {i} is written by more than one thread (block {b}, thread {t} again)");
                        result![i] = written[i];
                    }
            }
        result?.CopyTo(output!.Span);
    }

    public override string ToString() => $"grid {Grid} x block {Block}";
}
