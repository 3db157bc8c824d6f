using Grader.Inference.Onnx;
using Grader.Inference.Onnx.Proto;
using Grader.Inference.Operators;
using AttrType = Grader.Inference.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace Grader.Inference.Graph;

/// <summary>
/// torch.onnx.export writes nn.GELU as five nodes (Div by √2, Erf, Add 1, Mul x, Mul 0.5) and,
/// before opset 17, nn.LayerNorm as nine (ReduceMean, Sub, Pow 2, ReduceMean, Add ε, Sqrt, Div,
/// Mul γ, Add β). Each chain becomes the one node that computes it, so transformers make one pass
/// over their activations instead of five or nine. Only where the intermediate values feed
/// nothing else and the constants are the expected ones.
/// </summary>
internal static class DecompositionFusion
{
    public static int Run(ModelGraph g) => FuseGelu(g) + FuseLayerNorm(g);

    private sealed class View(ModelGraph g)
    {
        private readonly Dictionary<string, List<OpNode>> consumers = g.Consumers();
        private readonly Dictionary<string, OpNode> producers = g.Nodes.SelectMany(n => n.Outputs.Select(o => (o, n))).Where(p => p.o.Length > 0)
            .GroupBy(p => p.o).ToDictionary(p => p.Key, p => p.First().n);
        private readonly HashSet<string> outputs = g.OutputNames.ToHashSet();

        public OpNode? Producer(string tensor) => producers.GetValueOrDefault(tensor);

        /// <summary>The one node reading <paramref name="tensor"/>, if it is <paramref name="op"/>
        /// and the tensor is no graph output.</summary>
        public OpNode? Sole(string tensor, string op) =>
            !outputs.Contains(tensor) && consumers.TryGetValue(tensor, out var c) && c.Count == 1 && c[0].OpType == op ? c[0] : null;

        public int Uses(string tensor) => outputs.Contains(tensor) ? int.MaxValue : consumers.GetValueOrDefault(tensor)?.Count ?? 0;

        public float? Scalar(string tensor) =>
            g.Constants.TryGetValue(tensor, out var t) && t.Type == ElementType.Float32 && t.Length == 1 ? t.FloatData[0] : null;

        /// <summary>The input of a two-input node that is not <paramref name="known"/>.</summary>
        public static string? Other(OpNode n, string known) =>
            n.Inputs.Length != 2 ? null : n.Inputs[0] == known ? n.Inputs[1] : n.Inputs[1] == known ? n.Inputs[0] : null;
    }

    private static bool Near(float? v, double target) => v is { } f && Math.Abs(f - target) <= 1e-5 * Math.Abs(target);

    private static int FuseGelu(ModelGraph g)
    {
        int fused = 0;
        foreach (var erf in g.Nodes.Where(n => n.OpType == "Erf").ToList())
        {
            var v = new View(g);
            if (v.Producer(erf.Inputs[0]) is not { OpType: "Div" } div || v.Uses(div.Outputs[0]) != 1 || !Near(v.Scalar(div.Inputs[1]), Math.Sqrt(2))) continue;
            string x = div.Inputs[0];
            if (v.Sole(erf.Outputs[0], "Add") is not { } plus || !Near(v.Scalar(View.Other(plus, erf.Outputs[0]) ?? ""), 1)) continue;
            if (v.Sole(plus.Outputs[0], "Mul") is not { } times || View.Other(times, plus.Outputs[0]) != x) continue;
            if (v.Sole(times.Outputs[0], "Mul") is not { } half || !Near(v.Scalar(View.Other(half, times.Outputs[0]) ?? ""), 0.5)) continue;
            var info = new NodeInfo($"{div.Name}::Gelu", "Gelu", [x], [half.Outputs[0]], div.Opset);
            Replace(g, [div, erf, plus, times, half], new UnaryNode(info, NodeAttributes.Empty(info.Name)));
            fused++;
        }
        return fused;
    }

    private static int FuseLayerNorm(ModelGraph g)
    {
        int fused = 0;
        foreach (var mean in g.Nodes.OfType<ReduceNode>().Where(n => n.Kind == Cpu.ReduceKind.Mean).ToList())
        {
            var v = new View(g);
            if (!g.Nodes.Contains(mean) || !LastAxisMean(mean, g)) continue;
            string x = mean.Inputs[0];
            if (v.Sole(mean.Outputs[0], "Sub") is not { } sub || sub.Inputs[0] != x || sub.Inputs[1] != mean.Outputs[0] || v.Uses(sub.Outputs[0]) != 2) continue;
            var pow = g.Nodes.FirstOrDefault(n => n.OpType == "Pow" && n.Inputs[0] == sub.Outputs[0]);
            if (pow is null || !Near(v.Scalar(pow.Inputs[1]), 2)) continue;
            if (v.Sole(pow.Outputs[0], "ReduceMean") is not ReduceNode variance || !LastAxisMean(variance, g)) continue;
            if (v.Sole(variance.Outputs[0], "Add") is not { } addEps || v.Scalar(View.Other(addEps, variance.Outputs[0]) ?? "") is not { } eps) continue;
            if (v.Sole(addEps.Outputs[0], "Sqrt") is not { } sqrt) continue;
            if (v.Sole(sqrt.Outputs[0], "Div") is not { } div || div.Inputs[0] != sub.Outputs[0] || div.Inputs[1] != sqrt.Outputs[0]) continue;
            if (v.Sole(div.Outputs[0], "Mul") is not { } scale || View.Other(scale, div.Outputs[0]) is not { } gamma || !IsVector(g, gamma)) continue;
            if (v.Sole(scale.Outputs[0], "Add") is not { } shift || View.Other(shift, scale.Outputs[0]) is not { } beta || !IsVector(g, beta)) continue;
            var info = new NodeInfo($"{mean.Name}::LayerNormalization", "LayerNormalization", [x, gamma, beta], [shift.Outputs[0]], mean.Opset);
            var attributes = new NodeAttributes(info.Name,
            [
                new AttributeProto { Name = "axis", Type = AttrType.Int, I = -1 },
                new AttributeProto { Name = "epsilon", Type = AttrType.Float, F = eps },
            ]);
            Replace(g, [mean, sub, pow, variance, addEps, sqrt, div, scale, shift], new NormalizationNode(info, attributes));
            fused++;
        }
        return fused;
    }

    private static bool LastAxisMean(ReduceNode r, ModelGraph g) => r.KeepDims && r.ConstantAxes(g.Constants) is [-1];

    private static bool IsVector(ModelGraph g, string name) =>
        g.Constants.TryGetValue(name, out var t) && t.Type == ElementType.Float32 && t.Shape.Length == 1;

    /// <summary>Swaps a chain for one node at the chain's first position: its input exists by then
    /// and its output's readers all come after the chain's last node.</summary>
    private static void Replace(ModelGraph g, OpNode[] chain, OpNode fused)
    {
        int at = chain.Min(g.Nodes.IndexOf);
        foreach (var n in chain) g.Nodes.Remove(n);
        g.Nodes.Insert(at, fused);
    }
}
