namespace Grader.Inference.Cuda.Tests.Emulation;

/// <summary>grader_softmax (and log) against double loops; grader_reduce, grader_arg and
/// grader_normalize against the engine's CPU kernels.</summary>
public unsafe class ReductionEmulationTests
{
    private static delegate* unmanaged<float*, float*, long, long, long, int, void> Softmax =>
        (delegate* unmanaged<float*, float*, long, long, long, int, void>)EmulatedKernels.Library.Export("grader_softmax");

    private static delegate* unmanaged<float*, float*, long, long, long, int, void> Reduce =>
        (delegate* unmanaged<float*, float*, long, long, long, int, void>)EmulatedKernels.Library.Export("grader_reduce");

    private static delegate* unmanaged<float*, float*, long, long, long, int, int, void> Arg =>
        (delegate* unmanaged<float*, float*, long, long, long, int, int, void>)EmulatedKernels.Library.Export("grader_arg");

    private static delegate* unmanaged<float*, float*, float*, float*, long, long, long, long, float, float*, float*, void> Normalize =>
        (delegate* unmanaged<float*, float*, float*, float*, long, long, long, long, float, float*, float*, void>)EmulatedKernels.Library.Export("grader_normalize");

    private static Cpu.CpuBindContext Serial => new(_ => IntPtr.Zero, 1, new Cpu.Scratch());

    [Theory]
    [InlineData(2, 5, 3, false)]
    [InlineData(2, 5, 3, true)]
    [InlineData(4, 10, 1, false)]
    [InlineData(4, 10, 1, true)]
    [InlineData(1, 1, 6, true)]
    public void SoftmaxMatchesADoubleLoop(int outer, int len, int inner, bool log)
    {
        var data = Reference.Random(outer * len * inner, 14).Select(v => v * 20).ToArray(); // spread: the max shift matters
        var expected = new float[data.Length];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                double max = double.NegativeInfinity, sum = 0;
                for (int j = 0; j < len; j++) max = Math.Max(max, data[(o * len + j) * inner + i]);
                for (int j = 0; j < len; j++) sum += Math.Exp(data[(o * len + j) * inner + i] - max);
                for (int j = 0; j < len; j++)
                {
                    int at = (o * len + j) * inner + i;
                    expected[at] = (float)(log ? data[at] - max - Math.Log(sum) : Math.Exp(data[at] - max) / sum);
                }
            }
        using var x = new HostTensor(data);
        using var y = new HostTensor(data.Length);
        foreach (var grid in KernelGrid.All)
        {
            y.Poison();
            grid.Run(() => Softmax(x.Ptr, y.Ptr, outer, len, inner, log ? 1 : 0), y);
            Reference.Close(expected, y.Span, $"{outer}x{len}x{inner} log={log}, {grid}", 1e-5f);
        }
    }

    [Theory]
    [InlineData(2, 5, 3)]
    [InlineData(3, 7, 1)]
    [InlineData(1, 4, 9)]
    [InlineData(2, 0, 3)]
    public void ReduceMatchesTheCpuKernel(int outer, int len, int inner)
    {
        var data = Reference.Random(outer * len * inner, 15).Select(v => v + 2.5f).ToArray(); // positive: LogSum is defined
        using var x = new HostTensor(data);
        using var expected = new HostTensor(outer * inner);
        using var y = new HostTensor(outer * inner);
        foreach (var kind in Enum.GetValues<Cpu.ReduceKind>())
        {
            if (len == 0 && kind == Cpu.ReduceKind.Mean) continue; // NaN: written or not, indistinguishable
            new Cpu.ReduceKernel(kind, outer, len, inner, x.Ptr, expected.Ptr, Serial).Execute();
            foreach (var grid in KernelGrid.All)
            {
                y.Poison();
                grid.Run(() => Reduce(x.Ptr, y.Ptr, outer, len, inner, (int)kind), y);
                Reference.Close(expected.Span, y.Span, $"{kind} {outer}x{len}x{inner}, {grid}");
            }
        }
    }

    [Theory]
    [InlineData(2, 5, 3)]
    [InlineData(3, 7, 1)]
    public void ArgMatchesTheCpuKernel(int outer, int len, int inner)
    {
        // Few distinct values, so ties decide between the first and the last index.
        var data = Reference.Random(outer * len * inner, 16).Select(v => MathF.Round(v)).ToArray();
        using var x = new HostTensor(data);
        using var expected = new HostTensor(outer * inner);
        using var y = new HostTensor(outer * inner);
        foreach (var (max, last) in new[] { (true, false), (true, true), (false, false), (false, true) })
        {
            new Cpu.ArgKernel(outer, len, inner, max, last, x.Ptr, expected.Ptr).Execute();
            foreach (var grid in KernelGrid.All)
            {
                y.Poison();
                grid.Run(() => Arg(x.Ptr, y.Ptr, outer, len, inner, max ? 1 : 0, last ? 1 : 0), y);
                Reference.Close(expected.Span, y.Span, $"max={max} last={last} {outer}x{len}x{inner}, {grid}", 0);
            }
        }
    }

    // rows, len, scale inner, scale length: LayerNorm (1, len), Instance/Group norm (spatial, channels).
    [Theory]
    [InlineData(6, 10, 1, 10)]
    [InlineData(6, 12, 4, 6)]
    [InlineData(4, 9, 9, 4)]
    public void NormalizeMatchesTheCpuKernel(int rows, int len, int scaleInner, int scaleLen)
    {
        var data = Reference.Random(rows * len, 17).Select((v, i) => v * 3 + i % 5).ToArray();
        using var x = new HostTensor(data);
        using var scale = new HostTensor(Reference.Random(scaleLen, 18));
        using var bias = new HostTensor(Reference.Random(scaleLen, 19));
        using var expected = new HostTensor(rows * len);
        using var expectedMean = new HostTensor(rows);
        using var expectedInv = new HostTensor(rows);
        using var y = new HostTensor(rows * len);
        using var mean = new HostTensor(rows);
        using var inv = new HostTensor(rows);
        new Cpu.NormalizeKernel(rows, len, 1e-5f, scale.Ptr, bias.Ptr, scaleInner, scaleLen, x.Ptr, expected.Ptr, expectedMean.Ptr, expectedInv.Ptr, 1).Execute();
        foreach (var grid in KernelGrid.All)
        {
            y.Poison();
            grid.Run(() => Normalize(x.Ptr, y.Ptr, scale.Ptr, bias.Ptr, rows, len, scaleInner, scaleLen, 1e-5f, mean.Ptr, inv.Ptr), y);
            Reference.Close(expected.Span, y.Span, $"normalize {rows}x{len}, {grid}", 1e-4f);
            Reference.Close(expectedMean.Span, mean.Span, $"mean {rows}x{len}, {grid}", 1e-5f);
            Reference.Close(expectedInv.Span, inv.Span, $"1/sigma {rows}x{len}, {grid}", 1e-4f);
        }
    }
}
