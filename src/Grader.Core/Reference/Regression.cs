using Grader.Core.Numerics;

namespace Grader.Core.Reference;

/// <summary>Closed-form linear regression on a design matrix X (n samples × d features) and targets y (n).</summary>
public static class Regression
{
    /// <summary>
    /// Minimiser of L(w) = (1/n)‖Xw − y‖² + λ‖w‖²: setting the gradient
    /// (2/n)Xᵀ(Xw − y) + 2λw to zero gives w = (XᵀX + nλI)⁻¹ Xᵀy. The factor n comes from the
    /// 1/n of the mean; λ = 0 is ordinary least squares.
    /// </summary>
    public static NdArray Ridge(NdArray x, NdArray y, double lambda)
    {
        Check.Finite(lambda, "lambda");
        Check.That(lambda >= 0, $"lambda must not be negative, got {lambda}");
        var (n, d) = CheckData(x, y);
        var (gram, rhs) = NormalEquations(x, y, n, d);
        for (int i = 0; i < d; i++) gram[i * d + i] += n * lambda;
        string singular = lambda == 0
            ? "XᵀX is singular (the columns of X are linearly dependent): least squares has no unique solution"
            : "XᵀX + nλI is singular";
        return NdArray.Vector(LinearSolver.Solve(gram, rhs, d, singular));
    }

    /// <summary>Ordinary least squares w = (XᵀX)⁻¹Xᵀy; X must have linearly independent columns.</summary>
    public static NdArray OrdinaryLeastSquares(NdArray x, NdArray y) => Ridge(x, y, 0);

    private static (int N, int D) CheckData(NdArray x, NdArray y)
    {
        Check.Rank(x, "the design matrix X", 2);
        Check.Rank(y, "the targets y", 1);
        int n = x.Shape[0], d = x.Shape[1];
        Check.That(n >= 1 && d >= 1, $"X must have at least one row and one column, got {Check.Shape(x)}");
        Check.That(y.Length == n, $"X has {n} row(s) (samples) but y has {y.Length} entries");
        Check.That(d <= 2000, $"X has too many columns ({d}) for the closed form");
        Check.Finite(x, "X");
        Check.Finite(y, "y");
        return (n, d);
    }

    private static (double[] Gram, double[] Rhs) NormalEquations(NdArray x, NdArray y, int n, int d)
    {
        Check.Work((long)n * d * d, "this regression");
        var gram = new double[d * d];
        var rhs = new double[d];
        for (int s = 0; s < n; s++)
            for (int i = 0; i < d; i++)
            {
                double xi = x.Data[s * d + i];
                rhs[i] += xi * y.Data[s];
                for (int j = 0; j < d; j++) gram[i * d + j] += xi * x.Data[s * d + j];
            }
        return (gram, rhs);
    }
}
