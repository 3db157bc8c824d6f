using System.Diagnostics;

namespace Grader.Bench.Inference;

/// <summary>
/// The timing protocol shared with torch_bench.py and ort_bench.js, so the three columns are
/// measured alike: warm-up of at least 3 calls and 1 s (JIT tiering, plan binding, caches), then
/// rounds of whole calls lasting at least <c>minRoundSeconds</c>; images/s per round.
/// </summary>
public static class RoundTimer
{
    public static double[] Measure(Action step, int batch, int rounds, double minRoundSeconds)
    {
        WarmUp(step);
        var clock = new Stopwatch();
        var rates = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            int calls = 0;
            clock.Restart();
            while (calls < 1 || clock.Elapsed.TotalSeconds < minRoundSeconds)
            {
                step();
                calls++;
            }
            rates[r] = batch * calls / clock.Elapsed.TotalSeconds;
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
