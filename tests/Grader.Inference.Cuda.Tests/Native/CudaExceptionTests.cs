using Grader.Inference.Cuda.Native;

namespace Grader.Inference.Cuda.Tests.Native;

/// <summary>Which errors poison the context (cuda.h's list) and which are a plain lack of memory.</summary>
public class CudaExceptionTests
{
    [Theory]
    [InlineData(700, "CUDA_ERROR_ILLEGAL_ADDRESS")]
    [InlineData(715, "CUDA_ERROR_ILLEGAL_INSTRUCTION")]
    [InlineData(716, "CUDA_ERROR_MISALIGNED_ADDRESS")]
    [InlineData(719, "CUDA_ERROR_LAUNCH_FAILED")]
    public void KernelFaultsLeaveTheContextUnusable(int code, string name)
    {
        var e = new CudaException("CUDA", code, name, "cuStreamSynchronize", "an illegal memory access was encountered");
        Assert.True(e.IsSticky);
        Assert.False(e.IsOutOfMemory);
        Assert.Equal($"CUDA cuStreamSynchronize failed: {name} ({code}): an illegal memory access was encountered", e.Message);
    }

    [Theory]
    [InlineData("CUDA", 2)]
    [InlineData("cuBLAS", 3)]
    [InlineData("cuDNN", 4)]
    public void OutOfMemoryIsNotAFault(string library, int code)
    {
        var e = new CudaException(library, code, "OUT_OF_MEMORY", "alloc", "");
        Assert.True(e.IsOutOfMemory);
        Assert.False(e.IsSticky);
    }

    [Theory]
    [InlineData("CUDA", 1)]    // invalid value: a bug of ours, the context is fine
    [InlineData("cuBLAS", 700)] // library status codes are not driver codes
    [InlineData("NVRTC", 6)]
    public void OtherErrorsAreNeither(string library, int code)
    {
        var e = new CudaException(library, code, "X", "call", "");
        Assert.False(e.IsSticky);
        Assert.False(e.IsOutOfMemory);
    }
}
