namespace Grader.Inference.Cuda.Native;

/// <summary>cuBLAS (column-major BLAS on the GPU): the SGEMMs behind Gemm, MatMul and the
/// im2col convolutions.</summary>
internal sealed unsafe class Cublas
{
    public LoadedLibrary Library { get; }
    private readonly delegate* unmanaged<IntPtr*, int> create;
    private readonly delegate* unmanaged<IntPtr, int> destroy;
    private readonly delegate* unmanaged<IntPtr, IntPtr, int> setStream;
    private readonly delegate* unmanaged<IntPtr, int, int> setMathMode;
    private readonly delegate* unmanaged<IntPtr, int, int, int, int, int, float*, ulong, int, ulong, int, float*, ulong, int, int> sgemm;
    private readonly delegate* unmanaged<IntPtr, int, int, int, int, int, float*, ulong, int, long, ulong, int, long, float*, ulong, int, long, int, int> sgemmStridedBatched;

    public const int OpN = 0, OpT = 1;
    /// <summary>cublasMath_t: plain fp32 FMA, or TF32 tensor cores.</summary>
    public const int DefaultMath = 0, Tf32TensorOpMath = 3;

    public Cublas(LoadedLibrary lib)
    {
        Library = lib;
        create = (delegate* unmanaged<IntPtr*, int>)lib.Export("cublasCreate_v2");
        destroy = (delegate* unmanaged<IntPtr, int>)lib.Export("cublasDestroy_v2");
        setStream = (delegate* unmanaged<IntPtr, IntPtr, int>)lib.Export("cublasSetStream_v2");
        setMathMode = (delegate* unmanaged<IntPtr, int, int>)lib.Export("cublasSetMathMode");
        sgemm = (delegate* unmanaged<IntPtr, int, int, int, int, int, float*, ulong, int, ulong, int, float*, ulong, int, int>)lib.Export("cublasSgemm_v2");
        sgemmStridedBatched = (delegate* unmanaged<IntPtr, int, int, int, int, int, float*, ulong, int, long, ulong, int, long, float*, ulong, int, long, int, int>)lib.Export("cublasSgemmStridedBatched");
    }

    private static readonly string[] StatusNames =
        ["SUCCESS", "NOT_INITIALIZED", "", "ALLOC_FAILED", "", "", "", "INVALID_VALUE", "ARCH_MISMATCH", "", "", "MAPPING_ERROR",
         "", "EXECUTION_FAILED", "INTERNAL_ERROR", "NOT_SUPPORTED", "LICENSE_ERROR"];

    public static void Check(int status, string call)
    {
        if (status == 0) return;
        string name = status < StatusNames.Length && StatusNames[status].Length > 0 ? "CUBLAS_STATUS_" + StatusNames[status] : "CUBLAS_STATUS";
        throw new CudaException("cuBLAS", status, name, call, "");
    }

    public IntPtr Create() { IntPtr h; Check(create(&h), "cublasCreate"); return h; }
    public void Destroy(IntPtr handle) => destroy(handle);
    public void SetStream(IntPtr handle, IntPtr stream) => Check(setStream(handle, stream), "cublasSetStream");
    public void SetMathMode(IntPtr handle, int mode) => Check(setMathMode(handle, mode), "cublasSetMathMode");

    public void Sgemm(IntPtr h, int opA, int opB, int m, int n, int k, float alpha, ulong a, int lda, ulong b, int ldb, float beta, ulong c, int ldc) =>
        Check(sgemm(h, opA, opB, m, n, k, &alpha, a, lda, b, ldb, &beta, c, ldc), "cublasSgemm");

    public void SgemmStridedBatched(IntPtr h, int opA, int opB, int m, int n, int k, float alpha, ulong a, int lda, long strideA,
        ulong b, int ldb, long strideB, float beta, ulong c, int ldc, long strideC, int count) =>
        Check(sgemmStridedBatched(h, opA, opB, m, n, k, &alpha, a, lda, strideA, b, ldb, strideB, &beta, c, ldc, strideC, count), "cublasSgemmStridedBatched");
}
