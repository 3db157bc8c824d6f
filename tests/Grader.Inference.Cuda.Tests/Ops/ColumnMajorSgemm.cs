using Grader.Inference.Cuda.Ops;
using Grader.Inference.Cuda.Runtime;
using static Grader.Inference.Cuda.Native.Cublas;

namespace Grader.Inference.Cuda.Tests.Ops;

/// <summary>
/// cublasSgemm / cublasSgemmStridedBatched with beta 0, by the BLAS definition and nothing else:
/// column-major, C[i + j·ldc] = alpha·Σₗ op(A)[i, l]·op(B)[l, j], where op(A)[i, l] is A[i + l·lda]
/// for N and A[l + i·lda] for T; batch entry e at A + e·strideA (likewise B and C). The argument
/// checks are cuBLAS's (CUBLAS_STATUS_INVALID_VALUE): a leading dimension shorter than a stored
/// column is an error there, not a silently overlapping read.
/// </summary>
internal static class ColumnMajorSgemm
{
    public static void Execute(SgemmCall c, HostMemory memory)
    {
        Assert.True((c.OpA is OpN or OpT) && (c.OpB is OpN or OpT), $"{c}: op flags must be N or T");
        Assert.True(c.M >= 0 && c.N >= 0 && c.K >= 0 && c.Count >= 1, $"{c}: negative size or no batch entry");
        Assert.True(c.Lda >= Math.Max(1, c.OpA == OpN ? c.M : c.K), $"{c}: lda {c.Lda} below the rows of A as stored");
        Assert.True(c.Ldb >= Math.Max(1, c.OpB == OpN ? c.K : c.N), $"{c}: ldb {c.Ldb} below the rows of B as stored");
        Assert.True(c.Ldc >= Math.Max(1, c.M), $"{c}: ldc {c.Ldc} below the rows of C");
        for (int e = 0; e < c.Count; e++)
        {
            // A plain Sgemm (Count 1) has no strides: they must not matter.
            ulong a = DevicePointer.Offset(c.A, c.Count == 1 ? 0 : e * c.StrideA);
            ulong b = DevicePointer.Offset(c.B, c.Count == 1 ? 0 : e * c.StrideB);
            ulong y = DevicePointer.Offset(c.C, c.Count == 1 ? 0 : e * c.StrideC);
            for (int j = 0; j < c.N; j++)
                for (int i = 0; i < c.M; i++)
                {
                    double sum = 0;
                    for (int l = 0; l < c.K; l++)
                    {
                        float av = memory.Element(a, c.OpA == OpN ? i + (long)l * c.Lda : l + (long)i * c.Lda, $"A of entry {e}");
                        float bv = memory.Element(b, c.OpB == OpN ? l + (long)j * c.Ldb : j + (long)l * c.Ldb, $"B of entry {e}");
                        sum += (double)av * bv;
                    }
                    memory.Element(y, i + (long)j * c.Ldc, $"C of entry {e}", write: true) = (float)(c.Alpha * sum);
                }
        }
    }
}
