using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cpu;

/// <summary>
/// The CPU backend's own rewrite of a plan (after <see cref="EpilogueFusion"/>): a convolution on
/// the row kernel whose output only a max pool reads becomes one step with it
/// (<see cref="ConvMaxPoolKernel"/>), so the convolution's full output is never stored. Only for
/// maps too large to stay in cache until the pool reads them: on small ones (a Fashion-MNIST CNN,
/// LeNet) the separate kernels are faster (fused, they ran at 0.6x and 0.7x). The CUDA backend
/// binds the plan without it.
/// </summary>
internal static class ConvPoolFusion
{
    /// <summary>Convolution output per image from which the fusion pays: about a core's L2
    /// (ResNet's stem at 224x224 has 3.2 MB; at 32x32, 64 KB).</summary>
    internal const long MinOutputBytesPerImage = 1L << 20;

    public static int Run(ExecutionPlan plan)
    {
        var outputs = plan.Outputs.ToHashSet();
        int fused = 0;
        for (int i = 0; i < plan.Steps.Count; i++)
        {
            var s = plan.Steps[i];
            if (s.Op is not ConvKernelOp { RunsOnRowKernelAlone: true } conv) continue;
            var convOutput = s.Outputs[0];
            if (convOutput.Shape.Length != 4 || outputs.Contains(convOutput)) continue;
            if ((long)convOutput.Length / convOutput.Shape[0] * sizeof(float) < MinOutputBytesPerImage) continue;
            var readers = plan.Steps.Where(t => t.Inputs.Contains(convOutput)).ToList();
            if (readers is not [{ Op: PoolKernelOp { IsMax: true } pool } poolStep] || !ConvMaxPoolKernel.Suits(pool.Geometry)) continue;
            var merged = new PlanStep
            {
                NodeName = $"{s.NodeName} + {poolStep.NodeName}",
                OpType = "Conv+MaxPool",
                Op = new ConvMaxPoolKernelOp(conv, pool),
                Inputs = s.Inputs,
                Outputs = poolStep.Outputs,
            };
            merged.Outputs[0].Producer = merged;
            plan.Steps[i] = merged;
            plan.Steps.Remove(poolStep);
            fused++;
        }
        return fused;
    }
}
