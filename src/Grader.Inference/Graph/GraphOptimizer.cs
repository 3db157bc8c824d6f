using Grader.Inference.Operators;

namespace Grader.Inference.Graph;

/// <summary>Batch-independent rewrites done once at load: Constant nodes become constants, exported
/// GELU and LayerNorm decompositions become single nodes, and inference-mode BatchNormalization
/// after a Conv is folded into the Conv's weights and bias.</summary>
internal static class GraphOptimizer
{
    public static void Run(ModelGraph g)
    {
        HoistConstants(g);
        DecompositionFusion.Run(g);
        FoldBatchNorm(g);
    }

    private static void HoistConstants(ModelGraph g)
    {
        foreach (var c in g.Nodes.OfType<ConstantNode>())
            g.Constants[c.Outputs[0]] = c.Value;
        g.Nodes = g.Nodes.Where(n => n is not ConstantNode).ToList();
    }

    /// <summary>
    /// Conv → BatchNormalization becomes one Conv with W'[m] = W[m]·s[m] and
    /// b'[m] = b[m]·s[m] + shift[m], where s = scale/√(var+ε), shift = B − mean·s. Only when the
    /// conv output feeds nothing else and all parameters are constants.
    /// </summary>
    internal static int FoldBatchNorm(ModelGraph g)
    {
        int folded = 0;
        var outputs = g.OutputNames.ToHashSet();
        foreach (var bn in g.Nodes.OfType<BatchNormNode>().ToList())
        {
            var consumers = g.Consumers();
            var convOut = bn.Inputs[0];
            if (outputs.Contains(convOut) || consumers[convOut].Count != 1) continue;
            if (g.Nodes.FirstOrDefault(n => n.Outputs.Contains(convOut)) is not ConvNode conv) continue;
            if (bn.Inputs.Length < 5 || !bn.Inputs[1..5].All(g.Constants.ContainsKey)) continue;
            if (!g.Constants.TryGetValue(conv.Inputs[1], out var w) || w.Type != ElementType.Float32) continue;
            TensorData? b = null;
            if (conv.Inputs.Length > 2 && conv.Inputs[2].Length > 0 && !g.Constants.TryGetValue(conv.Inputs[2], out b)) continue;
            int m = w.Shape[0];
            var (s, shift) = bn.Affine(g.Constants[bn.Inputs[1]], g.Constants[bn.Inputs[2]], g.Constants[bn.Inputs[3]], g.Constants[bn.Inputs[4]], m);
            if (b is not null && b.Length != m) continue;
            int per = w.Length / m;
            var nw = new float[w.Length];
            var nb = new float[m];
            for (int o = 0; o < m; o++)
            {
                for (int i = 0; i < per; i++) nw[o * per + i] = w.FloatData[o * per + i] * s[o];
                nb[o] = (b is null ? 0f : b.FloatData[o]) * s[o] + shift[o];
            }
            string wName = $"{bn.Name}::folded_weight", bName = $"{bn.Name}::folded_bias";
            g.Constants[wName] = TensorData.FromFloats(w.Shape, nw);
            g.Constants[bName] = TensorData.FromFloats([m], nb);
            conv.Rewire([conv.Inputs[0], wName, bName], [bn.Outputs[0]]);
            g.Nodes.Remove(bn);
            folded++;
        }
        return folded;
    }
}
