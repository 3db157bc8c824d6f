using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Grader.Inference.Tests.Operators;

/// <summary>
/// Operator forms that Debian's ONNX node tests (ONNX 1.12, opsets to 17) do not cover: the
/// operators of opsets 18 to 21 (GroupNormalization, Gelu, Mish, Reduce axes as inputs, Split
/// into uneven parts, Pad wrap, Resize's axes and keep_aspect_ratio_policy), the opset 9 and 10
/// resize forms, and integer values computed from the image. Each single-node (or small) model
/// runs in onnxruntime, the independent oracle, and in the engine; every output must agree.
/// </summary>
public class OnnxRuntimeOracleTests
{
    private static OnnxBuilder Model(int opset, int[] shape) =>
        new OnnxBuilder(opset).Input("X", [.. shape.Select(d => (long?)d)]);

    public static TheoryData<string> Cases =>
    [
        "GroupNormalization 18", "GroupNormalization 21", "Gelu 20", "Gelu tanh 20", "Mish 18", "ReduceSum 18 scattered axes",
        "ReduceMax 18 no axes", "ReduceL2 18 noop", "Split 18 uneven", "Pad 19 wrap", "Pad 18 reflect axes", "Resize 18 not_larger",
        "Resize 18 axes", "Resize 19 half_pixel_symmetric", "Upsample 9 linear", "Resize 10 nearest shrink", "ArgMax Equal Where 13",
        "LayerNormalization 17 statistics", "DepthToSpace 13 CRD", "Mod 13 fmod", "activations 14", "ReduceL1 18 noop", "ReduceLogSum 18 noop",
    ];

    private static (OnnxBuilder Model, int[] Shape) Build(string name)
    {
        switch (name)
        {
            case "GroupNormalization 18":
                return (Model(18, [2, 6, 3, 4]).Floats("s", [3], 0.5f, 1.5f, -1f).Floats("b", [3], 0.1f, -0.2f, 0.3f)
                    .Node("GroupNormalization", ["X", "s", "b"], ["Y"], ("num_groups", 3L), ("epsilon", 1e-3f)).TypedOutput("Y"), [2, 6, 3, 4]);
            case "GroupNormalization 21":
                return (Model(21, [2, 6, 3, 4]).Floats("s", [6], 0.5f, 1.5f, -1f, 2f, 0.7f, 1.1f).Floats("b", [6], 0.1f, -0.2f, 0.3f, 0f, 0.5f, -0.5f)
                    .Node("GroupNormalization", ["X", "s", "b"], ["Y"], ("num_groups", 2L)).TypedOutput("Y"), [2, 6, 3, 4]);
            case "Gelu 20":
                return (Model(20, [3, 40]).Node("Gelu", ["X"], ["Y"]).TypedOutput("Y"), [3, 40]);
            case "Gelu tanh 20":
                return (Model(20, [3, 40]).Node("Gelu", ["X"], ["Y"], ("approximate", "tanh")).TypedOutput("Y"), [3, 40]);
            case "Mish 18":
                return (Model(18, [3, 40]).Node("Mish", ["X"], ["Y"]).TypedOutput("Y"), [3, 40]);
            case "ReduceSum 18 scattered axes":
                return (Model(18, [2, 3, 4, 5]).Longs("axes", 0, 2).Node("ReduceSum", ["X", "axes"], ["Y"], ("keepdims", 0L)).TypedOutput("Y"), [2, 3, 4, 5]);
            case "ReduceMax 18 no axes":
                return (Model(18, [2, 3, 4]).Node("ReduceMax", ["X"], ["Y"]).TypedOutput("Y"), [2, 3, 4]);
            case "ReduceL2 18 noop":
                return (Model(18, [2, 3, 4]).Node("ReduceL2", ["X"], ["Y"], ("noop_with_empty_axes", 1L)).TypedOutput("Y"), [2, 3, 4]);
            case "Split 18 uneven":
                return (Model(18, [2, 7, 3]).Node("Split", ["X"], ["A", "B", "C"], ("axis", 1L), ("num_outputs", 3L))
                    .TypedOutput("A").TypedOutput("B").TypedOutput("C"), [2, 7, 3]);
            case "Pad 19 wrap":
                return (Model(19, [1, 2, 3, 4]).Longs("pads", 0, 0, 2, 3, 0, 0, 1, 5).Node("Pad", ["X", "pads"], ["Y"], ("mode", "wrap")).TypedOutput("Y"), [1, 2, 3, 4]);
            case "Pad 18 reflect axes":
                return (Model(18, [1, 2, 4, 5]).Longs("pads", 2, 3, 1, 4).Longs("axes", 2, 3).Node("Pad", ["X", "pads", "", "axes"], ["Y"], ("mode", "reflect")).TypedOutput("Y"), [1, 2, 4, 5]);
            case "Resize 18 not_larger":
                return (Model(18, [1, 2, 6, 9]).Longs("sizes", 4, 4).Node("Resize", ["X", "", "", "sizes"], ["Y"], ("mode", "linear"),
                    ("keep_aspect_ratio_policy", "not_larger"), ("axes", new long[] { 2, 3 })).TypedOutput("Y"), [1, 2, 6, 9]);
            case "Resize 18 axes":
                return (Model(18, [1, 2, 5, 7]).Floats("scales", [2], 2f, 0.5f).Node("Resize", ["X", "", "scales"], ["Y"], ("mode", "cubic"),
                    ("axes", new long[] { 2, 3 }), ("exclude_outside", 1L)).TypedOutput("Y"), [1, 2, 5, 7]);
            case "Resize 19 half_pixel_symmetric":
                return (Model(19, [1, 1, 5, 6]).Longs("sizes", 1, 1, 8, 4).Node("Resize", ["X", "", "", "sizes"], ["Y"], ("mode", "linear"),
                    ("coordinate_transformation_mode", "half_pixel_symmetric")).TypedOutput("Y"), [1, 1, 5, 6]);
            case "Upsample 9 linear":
                return (Model(9, [1, 2, 3, 4]).Floats("scales", [4], 1, 1, 2, 3).Node("Upsample", ["X", "scales"], ["Y"], ("mode", "linear")).TypedOutput("Y"), [1, 2, 3, 4]);
            case "Resize 10 nearest shrink":
                return (Model(10, [1, 2, 7, 9]).Floats("scales", [4], 1, 1, 0.6f, 0.45f).Node("Resize", ["X", "scales"], ["Y"]).TypedOutput("Y"), [1, 2, 7, 9]);
            case "ArgMax Equal Where 13":
                // The class index computed from the image, compared and used to select.
                return (Model(13, [4, 5]).Longs("two", 2).Node("ArgMax", ["X"], ["am"], ("axis", 1L)).Node("Equal", ["am", "two"], ["eq"])
                    .Node("Neg", ["X"], ["neg"]).Node("Where", ["eq", "X", "neg"], ["Y"]).Node("Cast", ["am"], ["amf"], ("to", 1L))
                    .Node("Add", ["Y", "amf"], ["Z"]).TypedOutput("Z"), [4, 5]);
            case "LayerNormalization 17 statistics":
                return (Model(17, [2, 3, 4]).Floats("s", [3, 4], [.. Enumerable.Range(0, 12).Select(i => 0.5f + i * 0.1f)]).Floats("b", [4], 0.1f, 0.2f, 0.3f, 0.4f)
                    .Node("LayerNormalization", ["X", "s", "b"], ["Y", "M", "I"], ("axis", 1L)).TypedOutput("Y").TypedOutput("M").TypedOutput("I"), [2, 3, 4]);
            case "DepthToSpace 13 CRD":
                return (Model(13, [2, 8, 3, 2]).Node("DepthToSpace", ["X"], ["Y"], ("blocksize", 2L), ("mode", "CRD")).TypedOutput("Y"), [2, 8, 3, 2]);
            case "Mod 13 fmod":
                return (Model(13, [3, 7]).Floats("d", [7], 0.7f, -1.3f, 2f, -0.4f, 1f, 3f, -2.5f).Node("Mod", ["X", "d"], ["Y"], ("fmod", 1L)).TypedOutput("Y"), [3, 7]);
            case "ReduceL1 18 noop":
                return (Model(18, [2, 3, 4]).Node("ReduceL1", ["X"], ["Y"], ("noop_with_empty_axes", 1L)).TypedOutput("Y"), [2, 3, 4]);
            case "ReduceLogSum 18 noop":
                return (Model(18, [2, 3, 4]).Node("Abs", ["X"], ["a"]).Node("ReduceLogSum", ["a"], ["Y"], ("noop_with_empty_axes", 1L)).TypedOutput("Y"), [2, 3, 4]);
            default: // "activations 14": a chain of the plain activations with their attributes
                return (Model(14, [3, 40]).Node("Elu", ["X"], ["a"], ("alpha", 0.7f)).Node("Selu", ["a"], ["b"], ("alpha", 1.5f), ("gamma", 0.9f))
                    .Node("HardSigmoid", ["b"], ["c"], ("alpha", 0.3f), ("beta", 0.4f)).Node("Softplus", ["X"], ["d"]).Node("HardSwish", ["d"], ["e"])
                    .Node("Softsign", ["e"], ["f"]).Node("Add", ["c", "f"], ["Y"]).TypedOutput("Y"), [3, 40]);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheEngineGivesOnnxRuntimesOutputs(string name)
    {
        var (builder, shape) = Build(name);
        builder.Proto.IrVersion = builder.Proto.OpsetImport[0].Version >= 21 ? 10 : builder.Proto.OpsetImport[0].Version >= 19 ? 9 : 8;
        var bytes = builder.Build();
        var rng = new Random(name.Length);
        var x = Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => (float)(rng.NextDouble() * 6 - 3)).ToArray();

        using var session = new InferenceSession(bytes);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("X", new DenseTensor<float>(x, shape))]);
        var expected = results.Select(r => r.Value switch
        {
            Tensor<float> f => (f.Dimensions.ToArray(), f.ToArray()),
            Tensor<long> l => (l.Dimensions.ToArray(), l.ToArray().Select(v => (float)v).ToArray()),
            var v => throw new InvalidOperationException($"output {r.Name} is {v?.GetType()}"),
        }).ToList();

        var model = InferenceModel.Load(bytes);
        var prepared = PreparedPlan.Create(model.Graph, shape);
        var bound = new BoundPlan(prepared, workers: 2);
        x.CopyTo(bound.InputBuffer);
        bound.Execute();
        for (int o = 0; o < expected.Count; o++)
        {
            var value = prepared.Plan.Outputs[o];
            Assert.Equal(expected[o].Item1, value.Shape);
            TestData.Near(expected[o].Item2, bound.Read(value), 1e-5f);
        }
    }

    [Fact]
    public void ResizeWithAntialiasIsRefusedWithTheReason()
    {
        var e = Assert.Throws<ModelLoadException>(() => Model(18, [1, 1, 8, 8]).Floats("scales", [4], 1, 1, 0.5f, 0.5f)
            .Node("Resize", ["X", "", "scales"], ["Y"], ("mode", "linear"), ("antialias", 1L)).Output("Y").Load());
        Assert.Contains("antialias", e.Message);
    }
}
