using Grader.Inference.Cuda.Binding;
using Grader.Inference.Cuda.Runtime;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Ops;

/// <summary>Gemm and MatMul on cuBLAS, the calls mapped by <see cref="GemmCalls"/>; Gemm's bias,
/// residual and activation follow in one epilogue pass.</summary>
internal static class GemmKernels
{
    public static ICudaKernel Bind(GemmKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var (m, n, _) = op.Dims;
        ulong a = bind.Ptr(step.Inputs[0]), y = bind.Ptr(step.Outputs[0]);
        ulong b = op.BConst is { } weights ? bind.Upload(weights) : bind.Ptr(step.Inputs[op.BInput]);
        ulong residual = op.ResidualInput >= 0 ? bind.Ptr(step.Inputs[op.ResidualInput]) : bind.Upload(op.FullBias);
        var epilogue = PointwiseKernels.Epilogue(bind, y, (long)m * n, op.ColBias ?? op.RowBias, op.RowBias is not null ? n : 1, residual, op.Activation);
        return new CublasStep(bind.Resources, [GemmCalls.Gemm(op, a, b, y)], epilogue);
    }

    public static ICudaKernel Bind(BatchedMatMulKernelOp op, PlanStep step, CudaBindContext bind) =>
        new CublasStep(bind.Resources, GemmCalls.BatchedMatMul(op, bind.Ptr(step.Inputs[0]), bind.Ptr(step.Inputs[1]), bind.Ptr(step.Outputs[0])), null);

    /// <summary>Library calls (already bound to the compute stream), then an optional epilogue.</summary>
    internal sealed class CublasStep(ModelResources res, SgemmCall[] calls, KernelLaunch? epilogue) : ICudaKernel
    {
        public override string ToString() => $"cuBLAS x{calls.Length}{(epilogue is null ? "" : "+" + epilogue)}";

        public void Enqueue(IntPtr stream)
        {
            foreach (var call in calls) call.Execute(res.Cublas, res.CublasHandle);
            epilogue?.Enqueue(stream);
        }

        public void Dispose() => epilogue?.Dispose();
    }
}
