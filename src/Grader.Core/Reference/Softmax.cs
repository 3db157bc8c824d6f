using Grader.Core.Numerics;

namespace Grader.Core.Reference;

/// <summary>
/// Softmax along the last axis: a vector gives a distribution, a matrix one distribution per row.
/// The maximum is subtracted before exponentiating, so large logits do not overflow.
/// </summary>
public static class Softmax
{
    public static NdArray Apply(NdArray z) => Rows(z, (row, output) =>
    {
        double max = row.Max();
        double sum = 0;
        for (int k = 0; k < row.Length; k++) sum += output[k] = Math.Exp(row[k] - max);
        for (int k = 0; k < row.Length; k++) output[k] /= sum;
    });

    /// <summary>log softmax(z) = z − max − log Σ exp(z − max): exact even where softmax underflows to 0.</summary>
    public static NdArray LogSoftmax(NdArray z) => Rows(z, (row, output) =>
    {
        double max = row.Max();
        double sum = 0;
        foreach (double v in row) sum += Math.Exp(v - max);
        double logSum = max + Math.Log(sum);
        for (int k = 0; k < row.Length; k++) output[k] = row[k] - logSum;
    });

    /// <summary>∂p_i/∂z_j = p_i(δ_ij − p_j), i.e. diag(p) − p pᵀ, for a logit vector z.</summary>
    public static NdArray Jacobian(NdArray z)
    {
        Check.Rank(z, "softmax Jacobian input", 1);
        var p = Apply(z).Data;
        int n = p.Length;
        var j = new double[n * n];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
                j[r * n + c] = (r == c ? p[r] : 0) - p[r] * p[c];
        return new NdArray([n, n], j);
    }

    /// <summary>dL/dz = p ⊙ (g − ⟨g, p⟩) per row, the Jacobian-transpose product without forming the Jacobian.</summary>
    public static NdArray Backward(NdArray z, NdArray gradOutput)
    {
        Check.SameShape(z, gradOutput, "the logits", "the output gradient");
        var p = Apply(z);
        var grad = new double[z.Length];
        int width = z.Shape[^1];
        for (int start = 0; start < z.Length; start += width)
        {
            double dot = 0;
            for (int k = 0; k < width; k++) dot += gradOutput.Data[start + k] * p.Data[start + k];
            for (int k = 0; k < width; k++) grad[start + k] = p.Data[start + k] * (gradOutput.Data[start + k] - dot);
        }
        return new NdArray(z.Shape, grad);
    }

    private static NdArray Rows(NdArray z, Action<double[], double[]> perRow)
    {
        Check.That(z.Rank >= 1 && z.Length > 0, $"softmax needs a non-empty vector or matrix, got shape {Check.Shape(z)}");
        Check.Finite(z, "the logits");
        int width = z.Shape[^1];
        var output = new double[z.Length];
        var row = new double[width];
        var result = new double[width];
        for (int start = 0; start < z.Length; start += width)
        {
            Array.Copy(z.Data, start, row, 0, width);
            perRow(row, result);
            Array.Copy(result, 0, output, start, width);
        }
        return new NdArray(z.Shape, output);
    }
}
