using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cpu;

/// <summary>
/// The CPU backend's own rewrite of a plan (after <see cref="EpilogueFusion"/>): a convolution on
/// the row kernel whose output only a max pool reads becomes one step with it
/// (<see cref="ConvMaxPoolKernel"/>), so the convolution's full output is never stored. A small
/// model's plan runs over chunks sized to stay in a core's cache from layer to layer
/// (<see cref="ChunkParallelRunner"/>): there only maps that outgrow the cache by themselves are
/// fused, since on the others the separate kernels are faster (a Fashion-MNIST CNN and LeNet
/// fused ran at 0.6x and 0.7x of their speed apart). The CUDA backend binds the plan without it.
/// </summary>
internal static class ConvPoolFusion
{
    /// <summary>Convolution output per image from which the fusion pays in cache-sized chunks:
    /// about a core's L2 (a Fashion-MNIST CNN's conv1 has 100 KB; ResNet's stem at 224x224, 3.2 MB).</summary>
    internal const long CacheSizedOutputBytes = 1L << 20;

    /// <param name="cacheSizedChunks">The plan runs a small model's cache-sized chunks.</param>
    public static int Run(ExecutionPlan plan, bool cacheSizedChunks)
    {
        long minOutputBytesPerImage = cacheSizedChunks ? CacheSizedOutputBytes : 0;
        var outputs = plan.Outputs.ToHashSet();
        int fused = 0;
        for (int i = 0; i < plan.Steps.Count; i++)
        {
            var s = plan.Steps[i];
            if (s.Op is not ConvKernelOp { RunsOnRowKernelAlone: true } conv) continue;
            var convOutput = s.Outputs[0];
            if (convOutput.Shape.Length != 4 || outputs.Contains(convOutput)) continue;
            if ((long)convOutput.Length / convOutput.Shape[0] * sizeof(float) < minOutputBytesPerImage) continue;
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
