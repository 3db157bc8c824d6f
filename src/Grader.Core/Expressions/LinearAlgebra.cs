using Grader.Core.Numerics;

namespace Grader.Core.Expressions;

/// <summary>Dense linear algebra in double precision, bounded by the budget (n^3 per factorisation).</summary>
internal static class LinearAlgebra
{
    public const int MaxMatrixPower = 64;

    public static int SquareSize(NdArray a, string what)
    {
        if (a.Length == 1 && a.Rank <= 2) return 1;
        if (a.Rank != 2 || a.Shape[0] != a.Shape[1])
            throw new EvaluationException($"{what} needs a square matrix, got {Shapes.Describe(a)}");
        return a.Shape[0];
    }

    /// <summary>Gauss-Jordan with partial pivoting.</summary>
    public static NdArray Inverse(NdArray a, EvaluationBudget budget)
    {
        int n = SquareSize(a, "the inverse");
        budget.Charge(2L * n * n * n + 1);
        var m = (double[])a.Data.Clone();
        var inv = NdArray.Identity(n).Data;
        double tolerance = SingularTolerance(a, n);
        for (int col = 0; col < n; col++)
        {
            int pivot = PivotRow(m, n, col);
            if (!(Math.Abs(m[pivot * n + col]) > tolerance))
                throw new EvaluationException("the matrix is singular (it has no inverse)");
            SwapRows(m, n, col, pivot);
            SwapRows(inv, n, col, pivot);
            double p = m[col * n + col];
            for (int j = 0; j < n; j++)
            {
                m[col * n + j] /= p;
                inv[col * n + j] /= p;
            }
            for (int r = 0; r < n; r++)
            {
                if (r == col) continue;
                double factor = m[r * n + col];
                if (factor == 0) continue;
                for (int j = 0; j < n; j++)
                {
                    m[r * n + j] -= factor * m[col * n + j];
                    inv[r * n + j] -= factor * inv[col * n + j];
                }
            }
        }
        return new NdArray(a.Rank == 2 ? [n, n] : a.Shape, inv);
    }

    /// <summary>LU with partial pivoting; a singular matrix simply has determinant 0.</summary>
    public static double Determinant(NdArray a, EvaluationBudget budget)
    {
        int n = SquareSize(a, "the determinant");
        if (n == 0) return 1;
        budget.Charge((long)n * n * n + 1);
        var m = (double[])a.Data.Clone();
        double det = 1;
        for (int col = 0; col < n; col++)
        {
            int pivot = PivotRow(m, n, col);
            double p = m[pivot * n + col];
            if (p == 0) return 0;
            if (pivot != col)
            {
                SwapRows(m, n, col, pivot);
                det = -det;
            }
            det *= p;
            for (int r = col + 1; r < n; r++)
            {
                double factor = m[r * n + col] / p;
                if (factor == 0) continue;
                for (int j = col; j < n; j++) m[r * n + j] -= factor * m[col * n + j];
            }
        }
        return det;
    }

    /// <summary>Solves A X = B for a square A and a vector or matrix B.</summary>
    public static NdArray Solve(NdArray a, NdArray b, EvaluationBudget budget)
    {
        int n = SquareSize(a, "solve");
        var rhs = TensorMath.AsMatrix(b);
        if (rhs.Shape[0] != n)
            throw new EvaluationException(
                $"solve: {Shapes.Describe(a)} and right-hand side {Shapes.Describe(b)} do not fit (need {n} rows)");
        int k = rhs.Shape[1];
        budget.Charge((long)n * n * (n + k) + 1);
        var m = (double[])a.Data.Clone();
        var x = (double[])rhs.Data.Clone();
        double tolerance = SingularTolerance(a, n);
        for (int col = 0; col < n; col++)
        {
            int pivot = PivotRow(m, n, col);
            if (!(Math.Abs(m[pivot * n + col]) > tolerance))
                throw new EvaluationException("the matrix is singular (the system has no unique solution)");
            SwapRows(m, n, col, pivot);
            SwapRows(x, k, col, pivot);
            double p = m[col * n + col];
            for (int r = col + 1; r < n; r++)
            {
                double factor = m[r * n + col] / p;
                if (factor == 0) continue;
                for (int j = col; j < n; j++) m[r * n + j] -= factor * m[col * n + j];
                for (int j = 0; j < k; j++) x[r * k + j] -= factor * x[col * k + j];
            }
        }
        for (int row = n - 1; row >= 0; row--)
        {
            for (int j = 0; j < k; j++)
            {
                double sum = x[row * k + j];
                for (int c = row + 1; c < n; c++) sum -= m[row * n + c] * x[c * k + j];
                x[row * k + j] = sum / m[row * n + row];
            }
        }
        return new NdArray(b.Rank == 1 ? [n] : [n, k], x);
    }

    /// <summary>A^p for an integer |p| &lt;= 64, by repeated squaring; negative powers invert first.</summary>
    public static NdArray MatrixPower(NdArray a, double exponent, EvaluationBudget budget)
    {
        int n = SquareSize(a, "a matrix power");
        if (exponent != Math.Round(exponent) || Math.Abs(exponent) > MaxMatrixPower)
            throw new EvaluationException(
                $"a matrix can only be raised to a whole power between -{MaxMatrixPower} and {MaxMatrixPower}, got {NdArrayFormatter.FormatNumber(exponent)}; use .^ for elementwise powers");
        int p = (int)Math.Abs(exponent);
        var square = new NdArray([n, n], a.Data);
        var b = exponent < 0 ? Inverse(square, budget) : square;
        var result = NdArray.Identity(n);
        budget.Charge(result.Length);
        while (p > 0)
        {
            if ((p & 1) == 1) result = TensorMath.MatMul(result, b, budget);
            p >>= 1;
            if (p > 0) b = TensorMath.MatMul(b, b, budget);
        }
        return result;
    }

    private static int PivotRow(double[] m, int n, int col)
    {
        int best = col;
        for (int r = col + 1; r < n; r++)
            if (Math.Abs(m[r * n + col]) > Math.Abs(m[best * n + col])) best = r;
        return best;
    }

    private static void SwapRows(double[] m, int width, int a, int b)
    {
        if (a == b) return;
        for (int j = 0; j < width; j++)
            (m[a * width + j], m[b * width + j]) = (m[b * width + j], m[a * width + j]);
    }

    // Relative to the largest entry, so that scaling a matrix never changes whether it counts as singular.
    private static double SingularTolerance(NdArray a, int n)
    {
        double largest = 0;
        foreach (double v in a.Data) largest = Math.Max(largest, Math.Abs(v));
        return largest * Math.Max(n, 1) * 1e-14;
    }
}
