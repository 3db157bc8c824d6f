using Grader.Core.Numerics;
using Grader.Core.Rubrics;

namespace Grader.Core.Checking;

/// <summary>The outcome of comparing a given array with an expected one, entry by entry.</summary>
internal sealed record ArrayComparison(string? ShapeError, int EntryCount, IReadOnlyList<int> WrongEntries)
{
    /// <summary>The most entries an answer without work gets right (see <see cref="NoWorkBaseline"/>); 0 when not set.</summary>
    public int NoWorkRight { get; init; }

    public bool ShapeMatches => ShapeError is null;
    public int RightEntries => ShapeMatches ? EntryCount - WrongEntries.Count : 0;
    public bool AllRight => ShapeMatches && WrongEntries.Count == 0;

    /// <summary>
    /// The share of credit: the entries right beyond the no-work baseline, out of the entries the
    /// baseline gets wrong. An all-zero, constant or copied answer earns 0; a single number, whose
    /// baseline is itself, is all or nothing.
    /// </summary>
    public double Fraction
    {
        get
        {
            if (AllRight) return EntryCount == 0 ? 0 : 1;
            if (!ShapeMatches || EntryCount <= NoWorkRight) return 0;
            return Math.Max(0, (double)(RightEntries - NoWorkRight) / (EntryCount - NoWorkRight));
        }
    }

    /// <summary>A sentence for feedback explaining the baseline, or "" when it took nothing away.</summary>
    public string BaselineNote(PartialCredit partial) =>
        partial == PartialCredit.Proportional && !AllRight && ShapeMatches && NoWorkRight > 0 && EntryCount > 1
            ? $" Credit counts only the entries beyond the {NoWorkRight} that an answer without work (a constant or a copied input) gets right."
            : "";

    /// <summary>
    /// Shapes are compared with singleton axes dropped, so a 5x1 column answers a length-5 vector
    /// question; any other difference is a shape error and no entry counts.
    /// </summary>
    public static ArrayComparison Compare(NdArray expected, NdArray given, Tolerance tolerance, string kindName)
    {
        if (!Squeeze(expected.Shape).SequenceEqual(Squeeze(given.Shape)))
            return new($"expected {Describe(expected.Shape, kindName)}, got {Describe(given.Shape, null)}",
                expected.Length, []);
        var wrong = new List<int>();
        for (int i = 0; i < expected.Length; i++)
            if (!tolerance.Accepts(expected.Data[i], given.Data[i])) wrong.Add(i);
        return new(null, expected.Length, wrong);
    }

    public static double Score(ArrayComparison comparison, PartialCredit partial, double points) =>
        partial == PartialCredit.Proportional
            ? points * comparison.Fraction
            : comparison.AllRight ? points : 0;

    private static int[] Squeeze(int[] shape) => shape.Where(d => d != 1).ToArray();

    private static string Describe(int[] shape, string? kindName) => shape.Length switch
    {
        0 => "a single number",
        1 when kindName is not null => $"a vector of length {shape[0]}",
        _ when kindName is not null => $"a {NdArray.FormatShape(shape)} {kindName}",
        _ => NdArray.FormatShape(shape),
    };

    /// <summary>1-based positions as the sheets write them: "(2, 3)".</summary>
    public static string Position(IReadOnlyList<int> shape, int flatIndex)
    {
        if (shape.Count <= 1) return shape.Count == 0 ? "" : $"({flatIndex + 1})";
        var index = new int[shape.Count];
        for (int d = shape.Count - 1; d >= 0; d--)
        {
            index[d] = flatIndex % shape[d] + 1;
            flatIndex /= shape[d];
        }
        return "(" + string.Join(", ", index) + ")";
    }
}
