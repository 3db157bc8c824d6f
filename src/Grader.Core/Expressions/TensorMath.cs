using Grader.Core.Numerics;

namespace Grader.Core.Expressions;

/// <summary>Array arithmetic shared by the evaluator and the built-ins; every step charges the budget.</summary>
internal static class TensorMath
{
    /// <summary>
    /// Combines two arrays element by element. A one-element operand broadcasts as a scalar;
    /// otherwise shapes must match, treating a vector and a column matrix of the same length as equal.
    /// </summary>
    public static NdArray Elementwise(NdArray a, NdArray b, Func<double, double, double> f, EvaluationBudget budget, string verb)
    {
        if (a.Length == 1 && b.Length == 1)
        {
            var shape = a.Rank >= b.Rank ? a.Shape : b.Shape;
            budget.Charge(1);
            return new NdArray(shape, [f(a.Data[0], b.Data[0])]);
        }
        if (a.Length == 1 || b.Length == 1)
        {
            var big = a.Length == 1 ? b : a;
            budget.ChargeAllocation(big.Shape);
            var data = new double[big.Length];
            if (a.Length == 1)
            {
                double s = a.Data[0];
                for (int i = 0; i < data.Length; i++) data[i] = f(s, b.Data[i]);
            }
            else
            {
                double s = b.Data[0];
                for (int i = 0; i < data.Length; i++) data[i] = f(a.Data[i], s);
            }
            return new NdArray(big.Shape, data);
        }
        int[] resultShape;
        if (a.SameShape(b))
            resultShape = a.Shape;
        else if (Shapes.VectorAndColumn(a, b))
            resultShape = a.Rank == 1 ? a.Shape : b.Shape;
        else
            throw new EvaluationException(MismatchMessage(a, b, verb));
        budget.ChargeAllocation(resultShape);
        var result = new double[a.Length];
        for (int i = 0; i < result.Length; i++) result[i] = f(a.Data[i], b.Data[i]);
        return new NdArray(resultShape, result);
    }

    private static string MismatchMessage(NdArray a, NdArray b, string verb)
    {
        string message = $"cannot {verb} {Shapes.Describe(a)} and {Shapes.Describe(b)}: the shapes must match";
        if (Shapes.IsVectorLike(a) && Shapes.IsVectorLike(b) && a.Length == b.Length)
            message += " (one is a row and the other a column: transpose one of them)";
        return message;
    }

    public static NdArray Map(NdArray a, Func<double, double> f, EvaluationBudget budget)
    {
        budget.ChargeAllocation(a.Shape);
        return a.Map(f);
    }

    /// <summary>Product of an [m,k] and a [k,n] matrix.</summary>
    public static NdArray MatMul(NdArray a, NdArray b, EvaluationBudget budget)
    {
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        if (b.Shape[0] != k)
            throw new EvaluationException(
                $"cannot multiply {Shapes.Describe(a)} by {Shapes.Describe(b)}: the inner sizes {k} and {b.Shape[0]} differ");
        budget.ChargeAllocation([m, n]);
        budget.Charge((long)m * k * n);
        var result = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
            {
                double aip = a.Data[i * k + p];
                int bRow = p * n, outRow = i * n;
                for (int j = 0; j < n; j++) result[outRow + j] += aip * b.Data[bRow + j];
            }
        return new NdArray([m, n], result);
    }

    /// <summary>Vector [n] becomes the row [1,n]; a matrix [m,n] becomes [n,m] (so a row [1,n] becomes a column).</summary>
    public static NdArray Transpose(NdArray a, EvaluationBudget budget)
    {
        switch (a.Rank)
        {
            case 0:
                return a;
            case 1:
                budget.Charge(a.Length);
                return new NdArray([1, a.Length], (double[])a.Data.Clone());
            case 2:
                int rows = a.Shape[0], cols = a.Shape[1];
                budget.ChargeAllocation([cols, rows]);
                var data = new double[a.Length];
                for (int r = 0; r < rows; r++)
                    for (int c = 0; c < cols; c++)
                        data[c * rows + r] = a.Data[r * cols + c];
                return new NdArray([cols, rows], data);
            default:
                throw new EvaluationException($"cannot transpose {Shapes.Describe(a)}: only vectors and matrices have a transpose");
        }
    }

    /// <summary>A vector as an [n,1] column, a matrix as itself; anything else is refused.</summary>
    public static NdArray AsMatrix(NdArray a) => a.Rank switch
    {
        0 => new NdArray([1, 1], a.Data),
        1 => new NdArray([a.Length, 1], a.Data),
        2 => a,
        _ => throw new EvaluationException(
            $"matrix products need vectors or matrices, got {Shapes.Describe(a)}; use .* for elementwise products"),
    };

    public static NdArray Scale(NdArray a, double s, EvaluationBudget budget) => Map(a, x => x * s, budget);

    /// <summary>c*I added to (or subtracted from, via the sign of <paramref name="scale"/>) a square matrix.</summary>
    public static NdArray AddIdentity(NdArray a, double scale, EvaluationBudget budget, bool identityFirst, bool subtract)
    {
        if (a.Rank != 2 || a.Shape[0] != a.Shape[1])
            throw new EvaluationException(
                $"I needs a square matrix to take its size from, not {Shapes.Describe(a)}");
        budget.ChargeAllocation(a.Shape);
        int n = a.Shape[0];
        var data = new double[a.Length];
        for (int i = 0; i < data.Length; i++)
            data[i] = subtract && identityFirst ? -a.Data[i] : a.Data[i];
        double diagonal = subtract && !identityFirst ? -scale : scale;
        for (int i = 0; i < n; i++) data[i * n + i] += diagonal;
        return new NdArray(a.Shape, data);
    }
}
