using System.Runtime.InteropServices;
using Grader.Inference.Cuda.Binding;
using Grader.Inference.Cuda.Runtime;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Tests.Binding;

public class CudaKernelRegistryTests
{
    [Fact]
    public void EveryKernelOpOfTheEngineHasAGpuKernel()
    {
        var ops = typeof(KernelOp).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(KernelOp)) && !t.IsAbstract && !typeof(ICpuOnlyKernelOp).IsAssignableFrom(t)).ToArray();
        Assert.True(ops.Length >= 16, $"only {ops.Length} kernel ops found");
        var missing = ops.Except(CudaKernelRegistry.Supported).Select(t => t.Name).ToArray();
        Assert.True(missing.Length == 0, $"no GPU kernel for {string.Join(", ", missing)}");
    }

    /// <summary>The argument structs must have the CUDA C structs' layout byte for byte: NVRTC
    /// checks sizeof and offsetof against the C# layout (no GPU needed).</summary>
    [Fact]
    public void ArgumentStructsHaveTheKernelsLayout()
    {
        Grader.Inference.Cuda.Native.Nvrtc nvrtc;
        try { nvrtc = CudaLibraries.OpenCompiler(Environment.GetEnvironmentVariable(CudaOptions.PathVariable)); }
        catch (CudaUnavailableException e) { Assert.Skip($"NVRTC is not installed here: {e.Message}"); return; }
        string check = $$"""
            {{KernelSources.Files[0].Text}}
            #define offsetof(t, f) ((i64)&((t*)0)->f)
            static_assert(sizeof(Geo) == {{Marshal.SizeOf<GeoArg>()}}, "Geo size");
            static_assert(offsetof(Geo, OW) == {{Marshal.OffsetOf<GeoArg>("<OW>k__BackingField")}}, "Geo.OW");
            static_assert(sizeof(Act) == {{Marshal.SizeOf<ActArg>()}}, "Act size");
            static_assert(offsetof(Act, b) == {{Marshal.OffsetOf<ActArg>("<B>k__BackingField")}}, "Act.b");
            static_assert(sizeof(Dims8) == {{Marshal.SizeOf<Dims8Arg>()}}, "Dims8 size");
            static_assert(offsetof(Dims8, out) == {{Marshal.OffsetOf<Dims8Arg>(nameof(Dims8Arg.Out))}}, "Dims8.out");
            static_assert(offsetof(Dims8, b) == {{Marshal.OffsetOf<Dims8Arg>(nameof(Dims8Arg.B))}}, "Dims8.b");
            """;
        var arch = nvrtc.SupportedArchitectures().Max();
        nvrtc.Compile(check, "layout.cu", [$"--gpu-architecture=compute_{arch}", "--std=c++14"], cubin: false);
    }
}
