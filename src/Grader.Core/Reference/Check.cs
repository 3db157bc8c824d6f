using Grader.Core.Numerics;

namespace Grader.Core.Reference;

/// <summary>
/// Argument checks shared by the reference library. Every failure is an
/// <see cref="ArgumentException"/> whose message a student or rubric author can act on.
/// </summary>
internal static class Check
{
    /// <summary>Most multiply-adds one call may perform: keeps a hostile expression from hanging grading.</summary>
    public const long MaxWork = 400_000_000;

    public static void That(bool condition, string message)
    {
        if (!condition) throw new ArgumentException(message);
    }

    public static void Positive(int value, string what) =>
        That(value >= 1, $"{what} must be a positive whole number, got {value}");

    public static void Positive(Size2 value, string what)
    {
        Positive(value.Height, what);
        Positive(value.Width, what);
    }

    public static void NonNegative(int value, string what) =>
        That(value >= 0, $"{what} must not be negative, got {value}");

    public static void Finite(double value, string what) =>
        That(double.IsFinite(value), $"{what} must be a finite number, got {value}");

    public static void Finite(NdArray array, string what) =>
        That(array.AllFinite(), $"{what} contains a non-finite value (NaN or infinity)");

    public static void SameShape(NdArray expected, NdArray actual, string expectedName, string actualName) =>
        That(expected.SameShape(actual),
            $"{actualName} must have the same shape as {expectedName}: " +
            $"{expectedName} is {Shape(expected)}, {actualName} is {Shape(actual)}");

    public static void Rank(NdArray array, string what, params int[] allowed) =>
        That(allowed.Contains(array.Rank),
            $"{what} must have rank {string.Join(" or ", allowed)} ({string.Join(" or ", allowed.Select(RankName))}), " +
            $"got shape {Shape(array)}");

    public static void Work(long multiplyAdds, string operation) =>
        That(multiplyAdds <= MaxWork, $"{operation} is too large to compute ({multiplyAdds} multiply-adds)");

    /// <summary>Runs integer arithmetic whose overflow means "too large" rather than a crash.</summary>
    public static long Counted(string what, Func<long> count)
    {
        try
        {
            return count();
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"{what} is too large to represent");
        }
    }

    public static string Shape(NdArray array) => NdArray.FormatShape(array.Shape);

    private static string RankName(int rank) => rank switch
    {
        0 => "a scalar",
        1 => "a vector",
        2 => "a matrix",
        _ => $"a {rank}-D array",
    };
}
