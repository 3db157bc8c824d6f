using Grader.Core.Numerics;

namespace Grader.Core.Reference;

/// <summary>Per-student inputs that homework sheets derive from a student's identity.</summary>
public static class Variants
{
    /// <summary>
    /// The 4×4 input X of EN4553 Assignment 2 (seed 003), built from an index number such as
    /// "180577X". Interpretation of the sheet's rule:
    /// <list type="number">
    /// <item>Take the digits of the index number in order, ignoring every other character, and
    /// keep the first six (fewer than six digits is an error).</item>
    /// <item>A zero becomes 0.5 at its first occurrence, 0.6 at its second, 0.7 at its third, ...
    /// Any other digit keeps its value at its first occurrence and gets +0.1 at its second,
    /// +0.2 at its third, +0.3 at its fourth (and so on), so the six values are distinct.</item>
    /// <item>Cells 1–6 (row-major: row 1, then the first two cells of row 2) hold the six values;
    /// cells 7–12 hold the same six values times −1; cells 13–16 (row 4) hold row 1 times −1.</item>
    /// </list>
    /// For "180577X" (digits 1 8 0 5 7 7): values 1, 8, 0.5, 5, 7, 7.1 and
    /// X = [[1, 8, 0.5, 5], [7, 7.1, −1, −8], [−0.5, −5, −7, −7.1], [−1, −8, −0.5, −5]].
    /// </summary>
    public static NdArray IndexMatrix(string indexNumber)
    {
        ArgumentNullException.ThrowIfNull(indexNumber);
        var digits = indexNumber.Where(char.IsAsciiDigit).Take(6).Select(c => c - '0').ToArray();
        Check.That(digits.Length == 6,
            $"the index number \"{indexNumber}\" has {digits.Length} digit(s); the input matrix needs at least 6");

        var seen = new int[10];
        var values = new double[6];
        for (int i = 0; i < 6; i++)
        {
            int digit = digits[i];
            int earlier = seen[digit]++;
            // Tenths are added in decimal so that 7 + 0.1 is exactly the double nearest 7.1.
            values[i] = digit == 0 ? (5 + earlier) / 10.0 : (digit * 10 + earlier) / 10.0;
        }

        var x = new double[16];
        for (int i = 0; i < 6; i++)
        {
            x[i] = values[i];
            x[6 + i] = -values[i];
        }
        for (int j = 0; j < 4; j++) x[12 + j] = -x[j];
        return new NdArray([4, 4], x);
    }
}
