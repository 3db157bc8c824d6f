using Grader.Inference.Cuda.Ops;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Binding;

/// <summary>
/// The GPU's kernels, keyed by the engine's kernel op (what a node became after planning and
/// fusion: Transpose and Slice are both a strided copy, Conv + BatchNorm + Relu one convolution).
/// An op without an entry fails at compile time with its name, never at run time.
/// </summary>
internal static class CudaKernelRegistry
{
    private static readonly Dictionary<Type, Func<KernelOp, PlanStep, CudaBindContext, ICudaKernel>> Factories = [];

    static CudaKernelRegistry()
    {
        Register<ConvKernelOp>(ConvolutionKernels.Bind);
        Register<GemmKernelOp>(GemmKernels.Bind);
        Register<BatchedMatMulKernelOp>(GemmKernels.Bind);
        Register<BinaryKernelOp>(PointwiseKernels.Bind);
        Register<UnaryKernelOp>(PointwiseKernels.Bind);
        Register<ChannelAffineKernelOp>(PointwiseKernels.Bind);
        Register<PoolKernelOp>(PoolingKernels.Bind);
        Register<GlobalAveragePoolKernelOp>(PoolingKernels.Bind);
        Register<SoftmaxKernelOp>(ReductionKernels.Bind);
        Register<ReduceKernelOp>(ReductionKernels.Bind);
        Register<ArgKernelOp>(ReductionKernels.Bind);
        Register<NormalizeKernelOp>(ReductionKernels.Bind);
        Register<WhereKernelOp>(PointwiseKernels.Bind);
        Register<ResampleKernelOp>(ResizeKernels.Bind);
        Register<AliasKernelOp>(DataMovementKernels.Bind);
        Register<StridedCopyKernelOp>(DataMovementKernels.Bind);
        Register<ConcatKernelOp>(DataMovementKernels.Bind);
        Register<SplitKernelOp>(DataMovementKernels.Bind);
        Register<GatherKernelOp>(DataMovementKernels.Bind);
        Register<PadKernelOp>(DataMovementKernels.Bind);
    }

    private static void Register<T>(Func<T, PlanStep, CudaBindContext, ICudaKernel> bind) where T : KernelOp =>
        Factories[typeof(T)] = (op, step, ctx) => bind((T)op, step, ctx);

    public static IEnumerable<Type> Supported => Factories.Keys;

    public static ICudaKernel Bind(PlanStep step, CudaBindContext bind) =>
        Factories.TryGetValue(step.Op.GetType(), out var f) ? f(step.Op, step, bind)
        : throw new ModelLoadException($"node {step.NodeName} ({step.OpType}) has no GPU kernel");
}
