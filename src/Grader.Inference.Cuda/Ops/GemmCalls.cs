using Grader.Inference.Cuda.Runtime;
using Grader.Inference.Graph;
using Grader.Inference.Operators;
using static Grader.Inference.Cuda.Native.Cublas;

namespace Grader.Inference.Cuda.Ops;

/// <summary>
/// The cuBLAS calls behind Gemm and MatMul. cuBLAS is column-major and our tensors row-major; a
/// row-major matrix read as column-major is its transpose, so C = op(A)·op(B) is computed as
/// Cᵀ = op(B)ᵀ·op(A)ᵀ with the operands swapped and nothing copied. Pure: addresses in, calls out.
/// </summary>
internal static class GemmCalls
{
    /// <summary>Y[m, n] = alpha·op(A)·op(B) for <see cref="GemmKernelOp"/>'s dims and flags.</summary>
    public static SgemmCall Gemm(GemmKernelOp op, ulong a, ulong b, ulong y)
    {
        var (m, n, k) = op.Dims;
        return Gemm(m, n, k, op.TransA, op.TransB, op.Alpha, a, b, y);
    }

    /// <summary>Row-major A is [m, k] ([k, m] when transposed), B [k, n] ([n, k]), Y [m, n]. The
    /// leading dimension of each is its row length as stored.</summary>
    public static SgemmCall Gemm(int m, int n, int k, bool transA, bool transB, float alpha, ulong a, ulong b, ulong y) =>
        new(transB ? OpT : OpN, transA ? OpT : OpN, n, m, k, alpha,
            b, transB ? k : n, 0,
            a, transA ? m : k, 0,
            y, n, 0, 1);

    /// <summary>One GEMM per batch entry of <see cref="BatchedMatMulKernelOp"/>: A and B at their
    /// (broadcast, so possibly zero) batch strides, Y contiguous [batch..., m, n].</summary>
    public static SgemmCall[] BatchedMatMul(BatchedMatMulKernelOp op, ulong a, ulong b, ulong y)
    {
        var (m, n, k) = op.Dims;
        return BatchedMatMul(m, n, k, op.Batch, op.AStrides, op.BStrides, a, b, y);
    }

    public static SgemmCall[] BatchedMatMul(int m, int n, int k, int[] batch, int[] aStrides, int[] bStrides, ulong a, ulong b, ulong y)
    {
        int count = ShapeMath.CountInt(batch);
        var calls = new SgemmCall[count];
        var index = new int[batch.Length];
        for (int e = 0; e < count; e++)
        {
            long ao = 0, bo = 0;
            for (int d = 0; d < index.Length; d++) { ao += (long)index[d] * aStrides[d]; bo += (long)index[d] * bStrides[d]; }
            calls[e] = Gemm(m, n, k, false, false, 1f, DevicePointer.Offset(a, ao), DevicePointer.Offset(b, bo), DevicePointer.Offset(y, (long)e * m * n));
            for (int d = index.Length - 1; d >= 0 && ++index[d] == batch[d]; d--) index[d] = 0;
        }
        return calls;
    }
}
