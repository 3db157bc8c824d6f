namespace Grader.Inference.Cuda.Tests.Emulation;

/// <summary>grader_softmax (and log) and grader_mean over [outer][len][inner] against double loops.</summary>
public unsafe class ReductionEmulationTests
{
    private static delegate* unmanaged<float*, float*, long, long, long, int, void> Softmax =>
        (delegate* unmanaged<float*, float*, long, long, long, int, void>)EmulatedKernels.Library.Export("grader_softmax");

    private static delegate* unmanaged<float*, float*, long, long, long, void> Mean =>
        (delegate* unmanaged<float*, float*, long, long, long, void>)EmulatedKernels.Library.Export("grader_mean");

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
    public void MeanMatchesADoubleLoop(int outer, int len, int inner)
    {
        var data = Reference.Random(outer * len * inner, 15);
        var expected = new float[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                double sum = 0;
                for (int j = 0; j < len; j++) sum += data[(o * len + j) * inner + i];
                expected[o * inner + i] = (float)(sum / len);
            }
        using var x = new HostTensor(data);
        using var y = new HostTensor(expected.Length);
        foreach (var grid in KernelGrid.All)
        {
            y.Poison();
            grid.Run(() => Mean(x.Ptr, y.Ptr, outer, len, inner), y);
            Reference.Close(expected, y.Span, $"{outer}x{len}x{inner}, {grid}");
        }
    }
}
