using Grader.Inference.Cuda.Binding;
using Grader.Inference.Cuda.Native;
using Grader.Inference.Cuda.Runtime;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Ops;

/// <summary>
/// Gemm and MatMul on cuBLAS. cuBLAS is column-major and our tensors row-major; a row-major
/// matrix read as column-major is its transpose, so C = op(A)·op(B) is computed as
/// Cᵀ = op(B)ᵀ·op(A)ᵀ with the operands swapped and nothing copied.
/// </summary>
internal static class GemmKernels
{
    public static ICudaKernel Bind(GemmKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var (m, n, k) = op.Dims;
        ulong a = bind.Ptr(step.Inputs[0]), y = bind.Ptr(step.Outputs[0]);
        ulong b = op.BConst is { } weights ? bind.Upload(weights) : bind.Ptr(step.Inputs[op.BInput]);
        ulong residual = op.ResidualInput >= 0 ? bind.Ptr(step.Inputs[op.ResidualInput]) : bind.Upload(op.FullBias);
        var epilogue = PointwiseKernels.Epilogue(bind, y, (long)m * n, op.ColBias ?? op.RowBias, op.RowBias is not null ? n : 1, residual, op.Activation);
        var res = bind.Resources;
        return new CublasStep(() =>
            res.Cublas.Sgemm(res.CublasHandle, op.TransB ? Cublas.OpT : Cublas.OpN, op.TransA ? Cublas.OpT : Cublas.OpN,
                n, m, k, op.Alpha, b, op.TransB ? k : n, a, op.TransA ? m : k, 0f, y, n), epilogue);
    }

    public static ICudaKernel Bind(BatchedMatMulKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var (m, n, k) = op.Dims;
        ulong a = bind.Ptr(step.Inputs[0]), b = bind.Ptr(step.Inputs[1]), y = bind.Ptr(step.Outputs[0]);
        int count = ShapeMath.CountInt(op.Batch);
        // Offsets of each batch entry's A and B (broadcast dims have stride 0).
        var offsets = new (ulong A, ulong B)[count];
        var index = new int[op.Batch.Length];
        for (int e = 0; e < count; e++)
        {
            long ao = 0, bo = 0;
            for (int d = 0; d < index.Length; d++) { ao += (long)index[d] * op.AStrides[d]; bo += (long)index[d] * op.BStrides[d]; }
            offsets[e] = (a + (ulong)(ao * sizeof(float)), b + (ulong)(bo * sizeof(float)));
            for (int d = index.Length - 1; d >= 0 && ++index[d] == op.Batch[d]; d--) index[d] = 0;
        }
        var res = bind.Resources;
        return new CublasStep(() =>
        {
            for (int e = 0; e < count; e++)
                res.Cublas.Sgemm(res.CublasHandle, Cublas.OpN, Cublas.OpN, n, m, k, 1f, offsets[e].B, n, offsets[e].A, k, 0f,
                    y + (ulong)((long)e * m * n * sizeof(float)), n);
        }, null);
    }

    /// <summary>Library calls (already bound to the compute stream), then an optional epilogue.</summary>
    internal sealed class CublasStep(Action calls, KernelLaunch? epilogue) : ICudaKernel
    {
        public void Enqueue(IntPtr stream)
        {
            calls();
            epilogue?.Enqueue(stream);
        }

        public void Dispose() => epilogue?.Dispose();
    }
}
