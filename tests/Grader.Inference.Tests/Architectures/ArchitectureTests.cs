using System.Text.Json;
using Grader.Inference.Cpu;
using Grader.Inference.Safety;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;

namespace Grader.Inference.Tests.Architectures;

/// <summary>
/// Every torchvision classification network Debian's torchvision builds, exported by
/// torch.onnx.export at opsets 13 and 17, loads in the engine and gives onnxruntime's outputs
/// (the independent oracle, in-process) within 1e-4 of the output scale at batch 1 and 4.
/// </summary>
public class ArchitectureTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string, int> CiCases => Cases(TorchvisionExports.Ci);
    public static TheoryData<string, int> LargeCases => Cases(TorchvisionExports.Large);

    private static TheoryData<string, int> Cases(string[] names)
    {
        var data = new TheoryData<string, int>();
        foreach (var n in names)
            foreach (int opset in TorchvisionExports.Opsets) data.Add(n, opset);
        return data;
    }

    [TorchvisionTheory]
    [MemberData(nameof(CiCases))]
    public void TheEngineGivesOnnxRuntimesOutputs(string name, int opset) => Check(name, opset, ModelLimits.Default);

    /// <summary>vgg11_bn has 129 M parameters and alexnet's file is 230 MB: over the grading limits,
    /// which these runs lift (the engine's kernels are what is checked here).</summary>
    [TorchvisionTheory(large: true)]
    [MemberData(nameof(LargeCases))]
    public void TheLargeNetworksGiveOnnxRuntimesOutputs(string name, int opset) =>
        Check(name, opset, new ModelLimits { MaxParameters = 256_000_000, MaxFileBytes = 1L << 30, MaxFlopsPerImage = 40_000_000_000 });

    private void Check(string name, int opset, ModelLimits limits)
    {
        var export = TorchvisionExports.Get(name, opset);
        Assert.True(export.File is not null, $"{export.Key} could not be exported: {export.ExportError}");
        var image = export.ImageShape;
        int size = image.Aggregate(1, (a, b) => a * b);
        var input = Images(4 * size, seed: opset);

        var model = InferenceModel.LoadFile(export.Path, limits);
        using var engine = new CpuBackend().Compile(model, new CompileOptions { ImageShape = image });
        using var session = new InferenceSession(export.Path, new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount });
        var worst = new List<double>();
        foreach (int batch in new[] { 1, 4 })
        {
            var expected = OnnxRuntime(session, input.AsSpan(0, batch * size).ToArray(), [batch, .. image]);
            // Constant logits (a zero-initialised head) would make the comparison prove nothing.
            for (int i = 0; i < batch; i++)
                Assert.True(expected.Skip(i * 10).Take(10).Distinct().Count() > 1, $"{export.Key}: onnxruntime's logits of image {i} are all {expected[i * 10]}");
            var actual = engine.Run(input.AsSpan(0, batch * size), batch);
            Outputs.AssertClose(expected, actual, $"{export.Key} batch {batch}", Tolerance);
            worst.Add(TestData.DifferenceOfScale(expected, actual));
        }
        output.WriteLine($"{export.Key}: max difference {worst.Max():G3} of the output scale; operators {string.Join(", ", model.OperatorTypes)}");
        Report(export, worst, model);
    }

    private static float[] OnnxRuntime(InferenceSession session, float[] input, int[] shape)
    {
        var tensor = new DenseTensor<float>(input, shape);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), tensor)]);
        return results.First().AsEnumerable<float>().ToArray();
    }

    /// <summary>Standard normal pixels (seeded): what a normalised image looks like.</summary>
    private static float[] Images(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()))).ToArray();
    }

    /// <summary>With GRADER_ARCHITECTURE_REPORT set, one JSON line per network for docs/models.md's
    /// table (tools/fixtures/architectures.sh writes it).</summary>
    private static void Report(TorchvisionExport export, List<double> worst, InferenceModel model)
    {
        if (Environment.GetEnvironmentVariable("GRADER_ARCHITECTURE_REPORT") is not { Length: > 0 } path) return;
        var line = JsonSerializer.Serialize(new
        {
            key = export.Key, name = export.Name, opset = export.Opset, input = export.ImageShape, parameters = export.Parameters,
            batch1 = worst[0], batch4 = worst[1], gflops = model.EstimateCost(export.ImageShape).FlopsPerImage / 1e9, operators = model.OperatorTypes,
        });
        lock (typeof(ArchitectureTests)) File.AppendAllLines(path, [line]);
    }
}
