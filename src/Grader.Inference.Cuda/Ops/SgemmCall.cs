using Grader.Inference.Cuda.Native;

namespace Grader.Inference.Cuda.Ops;

/// <summary>
/// One cuBLAS SGEMM in cuBLAS's own (column-major) terms: C = Alpha·op(A)·op(B), beta always 0
/// here. Count 1 is a plain cublasSgemm (the strides unused), more a strided batch. Kept as data
/// so the row-major → column-major mapping can be checked on the CPU without a GPU.
/// </summary>
internal readonly record struct SgemmCall(
    int OpA, int OpB, int M, int N, int K, float Alpha,
    ulong A, int Lda, long StrideA,
    ulong B, int Ldb, long StrideB,
    ulong C, int Ldc, long StrideC,
    int Count)
{
    /// <summary>Enqueues the call on the stream the handle is bound to.</summary>
    public void Execute(Cublas cublas, IntPtr handle)
    {
        if (Count == 1) cublas.Sgemm(handle, OpA, OpB, M, N, K, Alpha, A, Lda, B, Ldb, 0f, C, Ldc);
        else cublas.SgemmStridedBatched(handle, OpA, OpB, M, N, K, Alpha, A, Lda, StrideA, B, Ldb, StrideB, 0f, C, Ldc, StrideC, Count);
    }
}
