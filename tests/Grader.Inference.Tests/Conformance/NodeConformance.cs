using Grader.Inference.Operators;

namespace Grader.Inference.Tests.Conformance;

/// <summary>
/// The whole node-test suite run once per test process and classified: operators the engine
/// lacks and element types it does not compute are not supported; everything else must pass,
/// except the cases <see cref="KnownRefusals"/> lists with the reason the engine refuses them.
/// </summary>
internal static class NodeConformance
{
    private static readonly Lazy<IReadOnlyList<CaseResult>> Results = new(RunAll);

    public static IReadOnlyList<CaseResult> All => Results.Value;

    private static IReadOnlyList<CaseResult> RunAll()
    {
        var cases = NodeTestCase.All().ToList();
        var opOf = cases.ToDictionary(c => c.Name, c => string.Join("+", c.Operators));
        var results = new List<CaseResult>();
        foreach (var c in cases)
        {
            // An "_expanded" case is its operator's function body: it counts under that operator.
            string op = c.Name.EndsWith("_expanded", StringComparison.Ordinal) && opOf.TryGetValue(c.Name[..^"_expanded".Length], out var parent)
                ? parent : opOf[c.Name];
            results.Add(Classify(c, op));
        }
        return results;
    }

    /// <summary>Operators whose current definition dates from before opset 7 (the oldest the engine
    /// reads): a case written at its older opset describes today's operator, so it runs with its
    /// import raised to 7.</summary>
    private static readonly Dictionary<string, int> UnchangedSince = new(StringComparer.Ordinal)
    {
        ["Elu"] = 6, ["HardSigmoid"] = 6, ["Selu"] = 6, ["InstanceNormalization"] = 6,
        ["GlobalAveragePool"] = 1, ["GlobalMaxPool"] = 1, ["Softplus"] = 1, ["Softsign"] = 1, ["Not"] = 1,
    };

    private static CaseResult Classify(NodeTestCase c, string op)
    {
        var missing = c.Operators.Where(o => !OperatorRegistry.IsSupported(o)).ToList();
        if (missing.Count > 0)
            return new(c.Name, op, CaseOutcome.NotSupported, $"operator {string.Join(", ", missing)} not implemented");
        if (c.HasNonTensorValues) return new(c.Name, op, CaseOutcome.NotSupported, "sequence or optional values");
        if (c.Opset < Onnx.OnnxGraphReader.MinOpset)
        {
            if (!c.Operators.All(o => UnchangedSince.TryGetValue(o, out int since) && since <= c.Opset))
                return new(c.Name, op, CaseOutcome.NotSupported, $"opset {c.Opset} (models of opset {Onnx.OnnxGraphReader.MinOpset} and later are read)");
            c = c.WithOpset(Onnx.OnnxGraphReader.MinOpset);
        }
        var types = c.DeclaredElementTypes.Concat(c.DataSets.SelectMany(d => d.Inputs.Concat(d.Outputs)).Select(t => t.ElementType))
            .Where(t => !TestTensor.IsComputable(t)).Select(Graph.ElementTypeNames.OnnxName).Distinct().ToList();
        if (types.Count > 0) return new(c.Name, op, CaseOutcome.NotSupported, $"{string.Join(", ", types)} tensors");
        KnownRefusals.Reasons.TryGetValue(c.Name, out var known);
        try
        {
            var (passed, detail) = NodeTestRunner.Run(c);
            if (!passed) return new(c.Name, op, CaseOutcome.Failed, detail);
            return known is null ? new(c.Name, op, CaseOutcome.Passed, detail)
                : new(c.Name, op, CaseOutcome.Failed, $"listed as refused ({known}) but passes: remove it from KnownRefusals");
        }
        catch (ModelLoadException e) when (known is not null)
        {
            return new(c.Name, op, CaseOutcome.NotSupported, $"{known} (refused: {e.Message})");
        }
        catch (Exception e)
        {
            return new(c.Name, op, CaseOutcome.Failed, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
