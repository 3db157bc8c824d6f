namespace Grader.Inference.Cuda.Tests;

/// <summary>
/// The GPU under test, opened once per test run. Where none is usable the tests that need it are
/// reported as skipped with the reason (no driver library, no device...), never as passed.
/// </summary>
internal static class Gpu
{
    private static readonly Lazy<(CudaBackend? Backend, string Reason)> Fp32 = new(() => Open(new CudaOptions()));
    private static readonly Lazy<(CudaBackend? Backend, string Reason)> Tf32 = new(() => Open(new CudaOptions { AllowTf32 = true }));
    private static readonly Lazy<(CudaBackend? Backend, string Reason)> NoCudnn = new(() => Open(new CudaOptions { UseCudnn = false }));

    private static (CudaBackend?, string) Open(CudaOptions options) =>
        CudaBackend.TryCreate(options with { LibraryPath = Environment.GetEnvironmentVariable(CudaOptions.PathVariable) }, out var b, out var reason)
            ? (b, "") : (null, reason);

    /// <summary>The fp32 backend, or a skip naming why there is none.</summary>
    public static CudaBackend Backend => Require(Fp32.Value);
    public static CudaBackend Tf32Backend => Require(Tf32.Value);
    /// <summary>Convolutions as im2col + cuBLAS (and direct kernels): the path of machines without cuDNN.</summary>
    public static CudaBackend NoCudnnBackend => Require(NoCudnn.Value);

    private static CudaBackend Require((CudaBackend? Backend, string Reason) gpu)
    {
        if (gpu.Backend is null) Assert.Skip($"no usable NVIDIA GPU: {gpu.Reason}");
        return gpu.Backend!;
    }

    /// <summary>Deterministic images in [-2, 2), like normalised pixels.</summary>
    public static float[] RandomImages(int count, int imageSize, int seed)
    {
        var rng = new Random(seed);
        var x = new float[(long)count * imageSize];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 4 - 2);
        return x;
    }
}
