using Grader.Inference.Cpu;
using Grader.Inference.Graph;

namespace Grader.Inference.Operators;

/// <summary>A convolution on the CPU row kernel and the max pool after it, run as one step
/// (<see cref="ConvMaxPoolKernel"/>). Made for the CPU backend only, by <see cref="ConvPoolFusion"/>.</summary>
internal sealed class ConvMaxPoolKernelOp(ConvKernelOp conv, PoolKernelOp pool) : KernelOp, IChannelsLastCapable, ICpuOnlyKernelOp
{
    public ConvKernelOp Conv => conv;
    public PoolKernelOp Pool => pool;

    public override long Flops(PlanStep step) => conv.Flops(step) + pool.Flops(step);

    /// <summary>Reads the NCHW input the row kernel takes; writes the pooled map in either layout.</summary>
    public ChannelsLastUse ChannelsLast(PlanStep step) => new(true, [], []);

    public override unsafe ICpuKernel CreateCpuKernel(PlanStep step, CpuBindContext bind) =>
        new ConvMaxPoolKernel(conv.CreateRowKernel(bind.Ptr(step.Inputs[0]), bind), conv.OutChannels, pool.Geometry,
            bind.Ptr(step.Outputs[0]), bind.IsChannelsLast(step.Outputs[0]), bind);
}

/// <summary>A kernel op that only a CPU backend's own plan rewrite makes: no plan the CUDA backend
/// binds contains it, so it needs no GPU kernel.</summary>
internal interface ICpuOnlyKernelOp;
