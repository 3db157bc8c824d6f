using Grader.Inference.Cuda.Native;
using Grader.Inference.Cuda.Runtime;
using Grader.Inference.Tests;

namespace Grader.Inference.Cuda.Tests;

/// <summary>Device errors fail the model that caused them, with a clear message, and the device
/// goes on serving the next model.</summary>
public class DeviceFaultTests
{
    [Fact]
    public void AModelThatDoesNotFitRunsInSmallerChunksOrFailsClearlyAndTheNextModelRuns()
    {
        var backend = Gpu.Backend;
        var fx = Fixture.Load("vgg_bn_opset13");
        var model = InferenceModel.Load(fx.ModelBytes);
        var device = backend.Device;
        device.Enter();
        // Take nearly all free memory, as another process on the GPU would.
        var (free, _) = device.Memory();
        var hog = new DeviceBuffer(device, free - (64L << 20));
        try
        {
            try
            {
                using var squeezed = backend.Compile(model, new CompileOptions { MaxBatch = 4096, MaxArenaBytes = long.MaxValue });
                Assert.True(squeezed.Run(fx.Input, fx.Batch).Length > 0);
                Assert.True(((CudaCompiledModel)squeezed).ChunkSize < 4096);
            }
            catch (ModelLoadException e)
            {
                Assert.Contains("GPU memory", e.Message);
            }
        }
        finally { hog.Dispose(); }
        using var compiled = backend.Compile(model);
        Outputs.AssertClose(fx.ExpectedOutput, compiled.Run(fx.Input, fx.Batch), "vgg after an out-of-memory");
    }

    [Fact]
    public unsafe void AKernelFaultResetsTheDeviceAndTheNextModelRuns()
    {
        var backend = Gpu.Backend;
        var device = backend.Device;
        device.Enter();
        // A kernel that writes through a wild pointer, as a bug or a hostile model might make one.
        var nvrtc = device.Libraries.Nvrtc;
        var image = nvrtc.Compile("extern \"C\" __global__ void wild(float* p) { p[threadIdx.x * 1000003] = 1.f; }", "wild.cu",
            ["--gpu-architecture=" + (nvrtc.SupportedArchitectures().Contains(device.Major * 10 + device.Minor) ? $"sm_{device.Major}{device.Minor}" : $"compute_{nvrtc.SupportedArchitectures().Max()}")],
            nvrtc.SupportedArchitectures().Contains(device.Major * 10 + device.Minor));
        var module = device.Driver.LoadModule(image[^1] == 0 || image[0] == 0x7f ? image : [.. image, 0]);
        var wild = device.Driver.Function(module, "wild");
        ulong target = 0x10;
        void* arg = &target;
        CudaException? fault = null;
        try
        {
            device.Driver.Launch(wild, 1, 1, 1, 256, 1, 1, 0, IntPtr.Zero, &arg, "wild");
            device.Driver.Synchronize(IntPtr.Zero);
        }
        catch (CudaException e) { fault = e; }
        Assert.NotNull(fault);
        Assert.True(fault.IsSticky, fault.Message);
        device.Observe(fault);

        int generation = device.Generation;
        var fx = Fixture.Load("lenet5_opset13");
        using var compiled = backend.Compile(InferenceModel.Load(fx.ModelBytes));
        Assert.Equal(generation + 1, device.Generation);
        Outputs.AssertClose(fx.ExpectedOutput, compiled.Run(fx.Input, fx.Batch), "lenet after a device reset");
    }
}
