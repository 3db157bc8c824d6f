using Grader.Inference.Operators;

namespace Grader.Inference.Graph;

/// <summary>
/// Specialises a <see cref="ModelGraph"/> to one concrete input shape: resolves every node in
/// order, folding whatever is computable from constants and shapes (Shape→Gather→Concat→Reshape
/// chains vanish), then drops steps whose results nothing needs.
/// </summary>
internal static class Planner
{
    public static ExecutionPlan Build(ModelGraph g, int[] inputShape)
    {
        int nextId = 0;
        var values = new Dictionary<string, PlanValue>(StringComparer.Ordinal);
        PlanValue NewValue(string name, int[] shape, ElementType type, TensorData? constant) =>
            new() { Id = nextId++, Name = name, Shape = shape, Type = type, Constant = constant };

        var input = NewValue(g.InputName, inputShape, ElementType.Float32, null);
        values[g.InputName] = input;

        PlanValue Lookup(string name)
        {
            if (values.TryGetValue(name, out var v)) return v;
            if (g.Constants.TryGetValue(name, out var c)) return values[name] = NewValue(name, c.Shape, c.Type, c);
            throw new ModelLoadException($"tensor '{name}' is not available");
        }

        var steps = new List<PlanStep>();
        foreach (var node in g.Nodes)
        {
            var ins = node.Inputs.Select(n => n.Length == 0 ? null : Lookup(n)).ToArray();
            var ctx = new ResolveContext(node, ins, NewValue);
            try
            {
                node.Resolve(ctx);
            }
            catch (ModelLoadException) { throw; }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new ModelLoadException($"node {node.Name} ({node.OpType}) could not be planned for inputs {string.Join(", ", ins.Select(i => i?.ToString() ?? "-"))}: {e.Message}", e);
            }
            for (int i = 0; i < node.Outputs.Length; i++)
            {
                if (ctx.Results[i] is { } r) values[node.Outputs[i]] = r;
                else if (i < node.SupportedOutputs && node.Outputs[i].Length > 0)
                    throw new ModelLoadException($"node {node.Name} ({node.OpType}) produced no value for output '{node.Outputs[i]}'");
            }
            steps.AddRange(ctx.Steps);
        }

        var outputs = g.OutputNames.Select(Lookup).ToList();
        return new ExecutionPlan { Input = input, Outputs = outputs, Steps = RemoveDeadSteps(steps, outputs), Batch = inputShape[0] };
    }

    private static List<PlanStep> RemoveDeadSteps(List<PlanStep> steps, List<PlanValue> outputs)
    {
        var needed = outputs.ToHashSet();
        var kept = new List<PlanStep>();
        for (int i = steps.Count - 1; i >= 0; i--)
        {
            var s = steps[i];
            if (!s.Outputs.Any(needed.Contains)) continue;
            kept.Add(s);
            foreach (var v in s.Inputs) needed.Add(v);
        }
        kept.Reverse();
        return kept;
    }
}
