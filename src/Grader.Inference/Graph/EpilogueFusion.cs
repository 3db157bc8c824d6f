using Grader.Inference.Operators;

namespace Grader.Inference.Graph;

/// <summary>
/// Merges pointwise followers into their producer's epilogue on a concrete plan: Conv/Gemm/MatMul
/// (or Add) followed by Relu/Clip/LeakyRelu, and Conv/Gemm followed by a same-shape Add (ResNet's
/// skip connection, then its Relu). Each fusion removes a full read+write of the activation.
/// Backend-neutral: it only rewires the plan.
/// </summary>
internal static class EpilogueFusion
{
    public static int Run(ExecutionPlan plan)
    {
        int fused = 0;
        var graphOutputs = plan.Outputs.ToHashSet();
        for (int si = 0; si < plan.Steps.Count; si++)
        {
            var s = plan.Steps[si];
            if (s.Op is not IFusableEpilogue f) continue;
            while (true)
            {
                var output = s.Outputs[0];
                if (graphOutputs.Contains(output)) break;
                var users = plan.Steps.Where(t => t.Inputs.Contains(output)).ToList();
                if (users.Count != 1) break;
                var c = users[0];
                if (c.Op is UnaryKernelOp { IsFusable: true } u && f.Activation.Kind == ActivationKind.None)
                {
                    f.Activation = u.Activation;
                }
                else if (c.Op is BinaryKernelOp { IsSameShapeAdd: true } && f.CanTakeResidual && f.Activation.Kind == ActivationKind.None
                         && c.Inputs.Count(v => v == output) == 1)
                {
                    var other = c.Inputs[0] == output ? c.Inputs[1] : c.Inputs[0];
                    // The residual must exist before the producer runs.
                    if (other.Producer is { } p && plan.Steps.IndexOf(p) > si) break;
                    f.ResidualInput = s.Inputs.Count;
                    s.Inputs.Add(other);
                }
                else break;
                s.Outputs = [c.Outputs[0]];
                c.Outputs[0].Producer = s;
                plan.Steps.Remove(c);
                fused++;
            }
        }
        return fused;
    }
}
