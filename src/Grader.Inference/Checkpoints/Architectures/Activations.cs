namespace Grader.Inference.Checkpoints.Architectures;

/// <summary>The element-wise activation modules, written as PyTorch's ONNX exporter writes them (opset 13).</summary>
internal static class Activations
{
    public static Flow Build(NetworkBuilder b, Flow x, LayerArgs a, string m)
    {
        string y = a.Type switch
        {
            "ReLU" => b.Relu(x.Name, m),
            "ReLU6" => b.Node("Clip", m, [x.Name, b.Scalar(0f), b.Scalar(6f)]),
            "LeakyReLU" => b.Node("LeakyRelu", m, [x.Name], ("alpha", a.Float("negative_slope", 0.01f))),
            "ELU" => b.Node("Elu", m, [x.Name], ("alpha", a.Float("alpha", 1f))),
            "GELU" => Gelu(b, x.Name, m, a.Text("approximate", "none", "tanh")),
            "Sigmoid" => b.Node("Sigmoid", m, [x.Name]),
            "Tanh" => b.Node("Tanh", m, [x.Name]),
            _ => PRelu(b, x, a, m),
        };
        return x with { Name = y };
    }

    /// <summary>x·Φ(x) = x·½(1 + erf(x/√2)); with approximate='tanh', ½x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    private static string Gelu(NetworkBuilder b, string x, string m, string approximate)
    {
        string inner;
        if (approximate == "none")
        {
            inner = b.Node("Erf", m, [b.Node("Div", m, [x, b.Scalar(MathF.Sqrt(2f))])]);
        }
        else
        {
            var cube = b.Node("Mul", m, [b.Node("Mul", m, [x, x]), x]);
            var sum = b.Node("Add", m, [x, b.Node("Mul", m, [cube, b.Scalar(0.044715f)])]);
            inner = b.Node("Tanh", m, [b.Node("Mul", m, [sum, b.Scalar(MathF.Sqrt(2f / MathF.PI))])]);
        }
        return b.Node("Mul", m, [b.Node("Mul", m, [x, b.Scalar(0.5f)]), b.Node("Add", m, [inner, b.Scalar(1f)])]);
    }

    /// <summary>PReLU's weight holds one slope, or one per channel (the first per-image axis), which ONNX
    /// broadcasts from the right: (C) becomes (C, 1, 1) for an image.</summary>
    private static string PRelu(NetworkBuilder b, Flow x, LayerArgs a, string m)
    {
        int n = a.Int("num_parameters", 1);
        if (n < 1 || (n > 1 && x.Shape[0] >= 0 && x.Shape[0] != n))
            throw new ModelLoadException($"layer {m} (PReLU): num_parameters is {n}, but its input has {Flow.Format(x.Shape)} (1 or the channel count)");
        var slope = b.Param(NetworkBuilder.Key(m, "weight"), n);
        if (n > 1 && x.Shape.Length > 1)
            slope = b.Node("Reshape", m, [slope, b.Constant([n, .. Enumerable.Repeat(1L, x.Shape.Length - 1)])]);
        return b.Node("PRelu", m, [x.Name, slope]);
    }
}
