using Grader.Core.Numerics;

namespace Grader.Core.Tests.Reference.Support;

public static class AssertArray
{
    public const double Tolerance = 1e-9;

    /// <summary>Same shape and every entry within <paramref name="tolerance"/> (absolute, or relative for large values).</summary>
    public static void Close(NdArray expected, NdArray actual, double tolerance = Tolerance, string? label = null)
    {
        string prefix = label is null ? "" : label + ": ";
        Assert.True(expected.SameShape(actual),
            $"{prefix}expected shape {NdArray.FormatShape(expected.Shape)}, got {NdArray.FormatShape(actual.Shape)}: {actual}");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected.Data[i], a = actual.Data[i];
            double allowed = tolerance * Math.Max(1, Math.Abs(e));
            Assert.True(Math.Abs(e - a) <= allowed,
                $"{prefix}entry {i}: expected {e:R}, got {a:R} (difference {Math.Abs(e - a):E2})\nexpected {expected}\nactual   {actual}");
        }
    }

    public static void Close(double expected, double actual, double tolerance = Tolerance, string? label = null) =>
        Close(NdArray.Scalar(expected), NdArray.Scalar(actual), tolerance, label);

    public static NdArray M(double[,] values) => NdArray.Matrix(values);

    public static NdArray V(params double[] values) => NdArray.Vector(values);
}
