using Google.Protobuf;
using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using Grader.Inference.Onnx.Proto;

namespace Grader.Inference.Tests.Conformance;

/// <summary>What became of one case.</summary>
internal enum CaseOutcome { Passed, Failed, NotSupported }

internal sealed record CaseResult(string Name, string Operator, CaseOutcome Outcome, string Detail);

/// <summary>
/// Runs a node test case on the engine. The engine takes one image input, so each data set is run
/// in variants: every float input in turn computed at run time (the others become initializers),
/// and all of them as initializers (the plan folds the node). A variant where the engine needs
/// that input to be a constant (a Conv weight, a Resize scale) is left out. Every variant must
/// match the expected outputs within ONNX's backend-test tolerance (rtol 1e-3, atol 1e-7);
/// integers and booleans exactly.
/// </summary>
internal static class NodeTestRunner
{
    private const double RelTol = 1e-3, AbsTol = 1e-7;
    private const string NotConstantMessage = "must be a constant";

    /// <summary>Passed, or the first mismatch. Throws <see cref="ModelLoadException"/> when the
    /// engine refuses the model outright (the all-initializer variant is refused).</summary>
    public static (bool Passed, string Detail) Run(NodeTestCase c)
    {
        int variants = 0;
        foreach (var (inputs, outputs) in c.DataSets)
        {
            var runtime = Enumerable.Range(0, inputs.Length)
                .Where(i => inputs[i].IsFloat && inputs[i].Shape.Length > 0 && inputs[i].Shape.All(d => d > 0)).Cast<int?>().Append(null);
            foreach (var r in runtime)
            {
                (float[] Data, int[] Shape)[] actual;
                try { actual = Execute(c.Model, inputs, r, outputs.Length); }
                catch (ModelLoadException e) when (r is not null && e.Message.Contains(NotConstantMessage)) { continue; }
                variants++;
                string variant = r is null ? "all inputs constant" : $"input '{inputs[r.Value].Name}' computed";
                for (int o = 0; o < outputs.Length; o++)
                    if (Compare(outputs[o], actual[o]) is { } mismatch)
                        return (false, $"{variant}, output '{outputs[o].Name}': {mismatch}");
            }
        }
        return (true, $"{variants} variants");
    }

    private static (float[] Data, int[] Shape)[] Execute(ModelProto original, TestTensor[] data, int? runtime, int outputCount)
    {
        var model = original.Clone();
        var g = model.Graph;
        var inputs = g.Input.Where(i => g.Initializer.All(t => t.Name != i.Name)).ToList();
        g.Input.Clear();
        for (int i = 0; i < inputs.Count; i++)
        {
            if (i == runtime) g.Input.Add(WithShape(inputs[i], data[i].Shape));
            else g.Initializer.Add(data[i].ToProto(inputs[i].Name));
        }
        int[] shape = runtime is { } ri ? data[ri].Shape : [1];
        if (runtime is null) g.Input.Add(WithShape(new ValueInfoProto { Name = "__unused", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1 } } }, shape));

        var engine = InferenceModel.Load(model.ToByteArray());
        var prepared = PreparedPlan.Create(engine.Graph, shape);
        var bound = new BoundPlan(prepared, workers: 2);
        if (runtime is { } rr) data[rr].Floats.CopyTo(bound.InputBuffer);
        bound.Execute();
        return prepared.Plan.Outputs.Take(outputCount).Select(v => (bound.Read(v), v.Shape)).ToArray();
    }

    private static ValueInfoProto WithShape(ValueInfoProto input, int[] dims)
    {
        var v = input.Clone();
        var shape = new TensorShapeProto();
        foreach (int d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        v.Type.TensorType.Shape = shape;
        return v;
    }

    /// <summary>Null when equal within tolerance, else what differs.</summary>
    private static string? Compare(TestTensor expected, (float[] Data, int[] Shape) result)
    {
        var actual = result.Data;
        if (!result.Shape.SequenceEqual(expected.Shape))
            return $"shape {string.Join("x", result.Shape)}, expected {string.Join("x", expected.Shape)}";
        int n = expected.IsFloat ? expected.Floats!.Length : expected.Longs!.Length;
        if (actual.Length != n) return $"{actual.Length} values, expected {n} (shape {string.Join("x", expected.Shape)})";
        for (int i = 0; i < n; i++)
        {
            if (expected.IsFloat)
            {
                float e = expected.Floats![i], a = actual[i];
                if (float.IsNaN(e) && float.IsNaN(a) || e == a) continue;
                if (!(Math.Abs(e - a) <= AbsTol + RelTol * Math.Abs(e))) return $"at {i}: expected {e:G9}, got {a:G9}";
            }
            else if (expected.Longs![i] != actual[i]) return $"at {i}: expected {expected.Longs[i]}, got {actual[i]}";
        }
        return null;
    }
}
