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
        var bytes = builder.Build();
        var x = Random(shape.Aggregate(1, (a, b) => a * b), shape.Sum());
        using var net = new CpuBackend().Compile(InferenceModel.Load(bytes),
            new CompileOptions { ImageShape = shape[1..], MaxBatch = shape[0], Threads = threads });
        Near(Run(bytes, x, shape), net.Run(x, shape[0]), tolerance);
    }
}
