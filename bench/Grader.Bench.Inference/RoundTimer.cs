using System.Diagnostics;

namespace Grader.Bench.Inference;

/// <summary>
/// The timing protocol shared with torch_bench.py and the in-process onnxruntime peer, so the columns are
/// measured alike: warm-up of at least 3 calls and 1 s (JIT tiering, plan binding, caches), then
/// rounds of whole calls lasting at least <c>minRoundSeconds</c>; images/s per round.
/// </summary>
public static class RoundTimer
{
    public static double[] Measure(Action step, int batch, int rounds, double minRoundSeconds)
    {
        WarmUp(step);
        var rates = new double[rounds];
        for (int r = 0; r < rounds; r++) rates[r] = TimeRound(step, batch, minRoundSeconds);
        return rates;
    }

    /// <summary>Whole calls for at least <paramref name="minRoundSeconds"/>: images/s.</summary>
    private static double TimeRound(Action step, int batch, double minRoundSeconds)
    {
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (calls < 1 || clock.Elapsed.TotalSeconds < minRoundSeconds)
        {
            step();
            calls++;
        }
        return batch * calls / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The same protocol for several engines side by side in one process: each warms up, then
    /// every round times each engine in turn (the order alternating from round to round), so a
    /// burst of load from another process falls on all of them alike. Images/s per engine per round.
    /// </summary>
    public static double[][] MeasureInterleaved(IReadOnlyList<Action> steps, int batch, int rounds, double minRoundSeconds)
    {
        foreach (var step in steps) WarmUp(step);
        var rates = steps.Select(_ => new double[rounds]).ToArray();
        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < steps.Count; k++)
            {
                int e = r % 2 == 0 ? k : steps.Count - 1 - k;
                rates[e][r] = TimeRound(steps[e], batch, minRoundSeconds);
            }
        }
        return rates;
    }

    /// <summary>The warm-up every runner does before timing: at least 3 calls and 1 s.</summary>
    public static void WarmUp(Action step)
    {
        var clock = Stopwatch.StartNew();
        for (int calls = 0; calls < 3 || clock.Elapsed.TotalSeconds < 1.0; calls++) step();
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
