using Grader.Inference.Cuda.Native;
using Grader.Inference.Cuda.Runtime;

namespace Grader.Inference.Cuda.Tests.Runtime;

/// <summary>NVRTC compiles without a GPU, so the kernels' CUDA C is checked on every machine that
/// has the compiler (CI installs Debian's libnvrtc): a syntax or type error fails here, not on
/// the first GPU worker.</summary>
public class KernelCompilerTests
{
    private static Nvrtc Compiler()
    {
        try { return CudaLibraries.OpenCompiler(Environment.GetEnvironmentVariable(CudaOptions.PathVariable)); }
        catch (CudaUnavailableException e) { Assert.Skip($"NVRTC is not installed here: {e.Message}"); throw; }
    }

    [Theory]
    [InlineData(8, 0)]
    [InlineData(8, 6)]
    [InlineData(9, 0)]
    public void KernelsCompileToACubinForTheArchitecture(int major, int minor)
    {
        var nvrtc = Compiler();
        Assert.SkipUnless(nvrtc.SupportedArchitectures().Contains(major * 10 + minor), $"this NVRTC {nvrtc.Version} predates sm_{major}{minor}");
        var dir = Directory.CreateTempSubdirectory("grader-kernels-").FullName;
        try
        {
            var compiled = new KernelCompiler(nvrtc, dir).Compile(major, minor);
            Assert.True(compiled.IsCubin);
            Assert.Equal($"sm_{major}{minor}", compiled.Target);
            Assert.Equal([0x7f, (byte)'E', (byte)'L', (byte)'F'], compiled.Image[..4]); // a cubin is an ELF image
            Assert.Single(Directory.GetFiles(dir)); // cached for the next process
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void AnArchitectureNewerThanTheCompilerGetsPtxForTheNewestItKnows()
    {
        var nvrtc = Compiler();
        int newest = nvrtc.SupportedArchitectures().Max();
        var compiled = new KernelCompiler(nvrtc, Directory.CreateTempSubdirectory("grader-kernels-").FullName).Compile(99, 9);
        Assert.False(compiled.IsCubin);
        Assert.Equal($"compute_{newest}", compiled.Target);
        var ptx = System.Text.Encoding.ASCII.GetString(compiled.Image);
        foreach (var entry in KernelSources.EntryPoints)
            Assert.Contains($".entry {entry}(", ptx);
    }

    [Fact]
    public void ACachedImageIsReusedWithoutCompiling()
    {
        var nvrtc = Compiler();
        int arch = nvrtc.SupportedArchitectures().Max();
        var dir = Directory.CreateTempSubdirectory("grader-kernels-").FullName;
        var first = new KernelCompiler(nvrtc, dir).Compile(arch / 10, arch % 10);
        var file = Assert.Single(Directory.GetFiles(dir));
        File.WriteAllBytes(file, [1, 2, 3]); // what the cache holds is what is loaded
        Assert.Equal([1, 2, 3], new KernelCompiler(nvrtc, dir).Compile(arch / 10, arch % 10).Image);
        Assert.NotEqual(3, first.Image.Length);
    }

    [Fact]
    public void EveryKernelFileIsEmbeddedAndCommonComesFirst()
    {
        var names = KernelSources.Files.Select(f => f.Name).ToArray();
        Assert.Equal("common.cu", names[0]);
        Assert.Equal(["common.cu", "conv.cu", "data_movement.cu", "elementwise.cu", "pool.cu", "reduce.cu"], names);
        Assert.Contains("grader_conv_direct", KernelSources.EntryPoints);
        Assert.Equal(KernelSources.EntryPoints.Count, KernelSources.EntryPoints.Distinct().Count());
    }
}
