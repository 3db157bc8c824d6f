namespace Grader.Core.Reference;

/// <summary>Solves small dense systems A x = b by Gaussian elimination with partial pivoting.</summary>
internal static class LinearSolver
{
    /// <summary>Pivots below this fraction of the largest entry of A mean A is (numerically) singular.</summary>
    private const double SingularTolerance = 1e-12;

    /// <summary>A is n×n, row-major; neither argument is modified.</summary>
    public static double[] Solve(double[] a, double[] b, int n, string singularMessage)
    {
        var m = (double[])a.Clone();
        var x = (double[])b.Clone();
        double scale = 0;
        foreach (double v in m) scale = Math.Max(scale, Math.Abs(v));
        Check.That(scale > 0 && double.IsFinite(scale), singularMessage);

        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
                if (Math.Abs(m[r * n + col]) > Math.Abs(m[pivot * n + col])) pivot = r;
            Check.That(Math.Abs(m[pivot * n + col]) > SingularTolerance * scale, singularMessage);
            if (pivot != col)
            {
                for (int c = 0; c < n; c++) (m[col * n + c], m[pivot * n + c]) = (m[pivot * n + c], m[col * n + c]);
                (x[col], x[pivot]) = (x[pivot], x[col]);
            }
            for (int r = col + 1; r < n; r++)
            {
                double factor = m[r * n + col] / m[col * n + col];
                if (factor == 0) continue;
                for (int c = col; c < n; c++) m[r * n + c] -= factor * m[col * n + c];
                x[r] -= factor * x[col];
            }
        }
        for (int r = n - 1; r >= 0; r--)
        {
            double sum = x[r];
            for (int c = r + 1; c < n; c++) sum -= m[r * n + c] * x[c];
            x[r] = sum / m[r * n + r];
        }
        return x;
    }
}
