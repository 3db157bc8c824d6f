using Grader.Inference;
using Grader.Inference.Cpu;

namespace Grader.Evaluation.Tests;

public class BackendSelectionTests
{
    private sealed class FakeGpu : IInferenceBackend
    {
        public string Name => "cuda (Test GPU, sm_90, fp32, cuDNN 9.1.0)";
        public ICompiledModel Compile(InferenceModel model, CompileOptions? options = null) => throw new NotSupportedException();
    }

    private static (IInferenceBackend?, string) Present() => (new FakeGpu(), "");
    private static (IInferenceBackend?, string) Absent() => (null, "the CUDA driver library not found");
    private static (IInferenceBackend?, string) MustNotOpen() => throw new InvalidOperationException("the GPU was probed");

    [Theory]
    [InlineData(ModelDevice.Auto, false)]
    [InlineData(ModelDevice.Auto, true)]
    [InlineData(ModelDevice.Gpu, false)]
    public void APresentGpuIsUsedAndNamed(ModelDevice device, bool cpuAllowed)
    {
        var choice = BackendSelection.Choose(device, cpuAllowed, Present);
        Assert.IsType<FakeGpu>(choice.Backend);
        Assert.Equal("models are evaluated on the GPU: cuda (Test GPU, sm_90, fp32, cuDNN 9.1.0)", choice.Message);
    }

    [Fact]
    public void WithoutAGpuTheCpuTakesOverWhenAllowedAndSaysWhy()
    {
        var choice = BackendSelection.Choose(ModelDevice.Auto, cpuAllowed: true, Absent);
        Assert.IsType<CpuBackend>(choice.Backend);
        Assert.Equal("no usable GPU (the CUDA driver library not found); models are evaluated on the CPU", choice.Message);
    }

    [Fact]
    public void WithoutAGpuOrTheCpuModelsAreLeftForAnotherWorker()
    {
        var choice = BackendSelection.Choose(ModelDevice.Auto, cpuAllowed: false, Absent);
        Assert.Null(choice.Backend);
        Assert.StartsWith("no usable GPU (the CUDA driver library not found); model evaluations are left for a worker that has one", choice.Message);
    }

    [Fact]
    public void AskingForTheGpuNeverFallsBackToTheCpu()
    {
        var choice = BackendSelection.Choose(ModelDevice.Gpu, cpuAllowed: true, Absent);
        Assert.Null(choice.Backend);
        Assert.Equal("no usable GPU: the CUDA driver library not found", choice.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheCpuChoiceNeverProbesTheGpu(bool cpuAllowed)
    {
        var choice = BackendSelection.Choose(ModelDevice.Cpu, cpuAllowed, MustNotOpen);
        Assert.Equal(cpuAllowed, choice.Backend is CpuBackend);
        Assert.Equal(!cpuAllowed, choice.Backend is null);
    }
}
