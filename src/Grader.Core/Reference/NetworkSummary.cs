using Grader.Core.Numerics;
using Grader.Core.Reference.Layers;

namespace Grader.Core.Reference;

/// <summary>One row of a summary table, e.g. ("Conv2d-1", [6, 28, 28], 156).</summary>
public sealed record LayerSummary(string Name, int[] OutputShape, long Parameters)
{
    public override string ToString() => $"{Name} [{string.Join(", ", OutputShape)}] {Parameters}";
}

/// <summary>A whole table: rows, and the totals (all parameters here are trainable).</summary>
public sealed record NetworkSummaryResult(IReadOnlyList<LayerSummary> Layers, long TotalParameters)
{
    public int[] OutputShape => Layers.Count == 0 ? [] : Layers[^1].OutputShape;
}

/// <summary>
/// What torchsummary prints for a sequential network: per-layer output shapes (without the batch
/// axis) and parameter counts, names numbered from 1 in order ("Conv2d-1", "ReLU-2", ...).
/// </summary>
public static class NetworkSummary
{
    public static NetworkSummaryResult Summarize(int[] inputShape, IReadOnlyList<LayerSpec> layers)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var d in inputShape) Check.Positive(d, "input dimension");
        var rows = new List<LayerSummary>(layers.Count);
        var shape = inputShape;
        long total = 0;
        for (int i = 0; i < layers.Count; i++)
        {
            string name = $"{layers[i].TypeName}-{i + 1}";
            try
            {
                (shape, long parameters) = layers[i].Apply(shape);
                total = Check.Counted("the total parameter count", () => checked(total + parameters));
                rows.Add(new LayerSummary(name, shape, parameters));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{name} (input {NdArray.FormatShape(shape)}): {e.Message}", e);
            }
        }
        return new NetworkSummaryResult(rows, total);
    }
}
