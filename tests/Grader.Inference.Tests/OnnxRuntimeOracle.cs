using Grader.Inference.Cpu;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static Grader.Inference.Tests.TestData;

namespace Grader.Inference.Tests;

/// <summary>onnxruntime, the independent oracle: a built model run by it and by our CPU backend
/// on the same random input must agree.</summary>
internal static class OnnxRuntimeOracle
{
    public static float[] Run(byte[] model, float[] x, int[] shape)
    {
        using var session = new InferenceSession(model);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("X", new DenseTensor<float>(x, shape))]);
        return ((Tensor<float>)results.First().Value).ToArray();
    }

    /// <summary>Input X of <paramref name="shape"/> (batch first), random; outputs within <paramref name="tolerance"/>.</summary>
    public static void AssertSame(OnnxBuilder builder, int[] shape, int threads = 2, float tolerance = 1e-4f)
    {
        var (expected, actual) = BothOutputs(builder, shape, threads);
        Near(expected, actual, tolerance);
    }

    /// <summary>As <see cref="AssertSame"/>, with the largest difference measured against the
    /// output's scale (its largest magnitude): for deep random-weight chains, whose outputs
    /// cancel sums many times their size, as the architecture tests compare.</summary>
    public static void AssertWithinScale(OnnxBuilder builder, int[] shape, int threads, double fraction)
    {
        var (expected, actual) = BothOutputs(builder, shape, threads);
        double difference = DifferenceOfScale(expected, actual);
        Assert.True(difference <= fraction, $"largest difference is {difference:G3} of the output scale, more than {fraction:G3}");
    }

    private static (float[] Expected, float[] Actual) BothOutputs(OnnxBuilder builder, int[] shape, int threads)
    {
        var bytes = builder.Build();
        var x = Random(shape.Aggregate(1, (a, b) => a * b), shape.Sum());
        using var net = new CpuBackend().Compile(InferenceModel.Load(bytes),
            new CompileOptions { ImageShape = shape[1..], MaxBatch = shape[0], Threads = threads });
        return (Run(bytes, x, shape), net.Run(x, shape[0]));
    }
}
