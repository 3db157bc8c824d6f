using Grader.Inference.Cpu;
using Grader.Inference.Tests;

namespace Grader.Inference.Cuda.Tests;

/// <summary>The PyTorch fixtures on the GPU: the same outputs as PyTorch (and as the CPU backend)
/// for any batch size, chunked and pipelined runs included.</summary>
public class CudaCompiledModelTests
{
    public static IEnumerable<object[]> Names => Fixture.All();

    [Theory]
    [MemberData(nameof(Names))]
    public void OutputsMatchPyTorchForBatchesOf1And4And7(string name)
    {
        var backend = Gpu.Backend;
        var fx = Fixture.Load(name);
        using var compiled = backend.Compile(InferenceModel.Load(fx.ModelBytes));
        Assert.Equal(fx.ImageShape, compiled.ImageShape);
        Assert.Equal(fx.OutputShape, compiled.OutputShape);
        foreach (int batch in new[] { 1, 4, 7 })
        {
            var output = compiled.Run(fx.Input.AsSpan(0, batch * compiled.ImageSize), batch);
            Outputs.AssertClose(fx.ExpectedOutput.AsSpan(0, batch * compiled.OutputSize), output, $"{name} batch {batch} on {backend.Name}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ALongRunInChunksGivesTheCpuBackendsOutputs(string name)
    {
        var backend = Gpu.Backend;
        var model = InferenceModel.Load(Fixture.Load(name).ModelBytes);
        // 300 images in chunks of 64: four full chunks pipelined, then 44 in the same plan; then 5 alone (a plan of 8).
        var options = new CompileOptions { MaxBatch = 64 };
        using var gpu = backend.Compile(model, options);
        using var cpu = new CpuBackend().Compile(model, options);
        foreach (int count in new[] { 300, 5 })
        {
            var images = Gpu.RandomImages(count, gpu.ImageSize, seed: count);
            Outputs.AssertClose(cpu.Run(images, count), gpu.Run(images, count), $"{name}, {count} images");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void WithoutCudnnTheConvolutionsStillGivePyTorchsOutputs(string name)
    {
        var backend = Gpu.NoCudnnBackend;
        Assert.EndsWith("no cuDNN)", backend.Name);
        var fx = Fixture.Load(name);
        using var compiled = backend.Compile(InferenceModel.Load(fx.ModelBytes), new CompileOptions { MaxBatch = 4 });
        // 7 images in chunks of 4: im2col chunks, and a short last chunk in a plan of 4.
        Outputs.AssertClose(fx.ExpectedOutput, compiled.Run(fx.Input, fx.Batch), $"{name} without cuDNN");
    }

    [Fact]
    public void Tf32IsAnOptionThatTheBackendNameStates()
    {
        var backend = Gpu.Tf32Backend;
        Assert.Contains("tf32", backend.Name);
        Assert.Contains("fp32", Gpu.Backend.Name);
        var fx = Fixture.Load("resnet18_narrow_opset13");
        using var compiled = backend.Compile(InferenceModel.Load(fx.ModelBytes));
        // TF32 keeps 10 mantissa bits in the products: close to PyTorch, not to 1e-4.
        Outputs.AssertClose(fx.ExpectedOutput, compiled.Run(fx.Input, fx.Batch), "resnet18 in tf32", relTol: 2e-2);
    }

    [Fact]
    public void ACancelledRunStopsAndTheModelRunsCorrectlyAfterwards()
    {
        var fx = Fixture.Load("vgg_bn_opset13");
        using var compiled = Gpu.Backend.Compile(InferenceModel.Load(fx.ModelBytes), new CompileOptions { MaxBatch = 2 });
        var many = Gpu.RandomImages(64, compiled.ImageSize, seed: 1);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => compiled.Run(many, 64, cancelled.Token));
        Outputs.AssertClose(fx.ExpectedOutput, compiled.Run(fx.Input, fx.Batch), "vgg after a cancelled run");
    }

    [Fact]
    public void TheBackendNamesItsDeviceArchitecturePrecisionAndCudnn()
    {
        var backend = Gpu.Backend;
        Assert.Matches(@"^cuda \(.+, sm_\d+, fp32, (cuDNN \d+\.\d+\.\d+|no cuDNN)\)$", backend.Name);
        Assert.Matches(@"^(sm_\d+ cubin|compute_\d+ PTX)$", backend.KernelTarget);
        TestContext.Current.SendDiagnosticMessage($"{backend.Name}; kernels {backend.KernelTarget}; {backend.DeviceMemoryBytes >> 20:N0} MiB"
            + (backend.CudnnMissing is { } why ? $"; cuDNN not used: {why}" : ""));
    }

    [Fact]
    public void AProfileTimesEveryKernelAndLeavesTheModelRunningCorrectly()
    {
        var fx = Fixture.Load("resnet18_narrow_opset13");
        using var compiled = Gpu.Backend.Compile(InferenceModel.Load(fx.ModelBytes));
        var timings = ((IProfiledModel)compiled).Profile(fx.Input, fx.Batch);
        Assert.Contains(timings, t => t.OpType == "Conv");
        Assert.All(timings, t => Assert.InRange(t.Milliseconds, 0, 10_000));
        Assert.All(timings, t => Assert.Contains(" -> ", t.Detail));
        Outputs.AssertClose(fx.ExpectedOutput, compiled.Run(fx.Input, fx.Batch), "resnet18 after a profile");
    }
}
