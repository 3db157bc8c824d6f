using System.Globalization;
using System.Text.RegularExpressions;

namespace Grader.Core.Statistics;

/// <summary>
/// The form of a given answer under which answers that differ only in writing count as the same:
/// runs of whitespace become one space (none next to brackets, commas and operators), and every
/// number is written the one invariant way ("0.50", ".5" and "5e-1" are all "0.5").
/// Letters keep their case: in a formula y and Y are different symbols.
/// </summary>
public static partial class AnswerText
{
    public static string Normalize(string given)
    {
        var numbers = Number().Replace(given.Trim(), m =>
            double.TryParse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                ? (value == 0 ? 0 : value).ToString("R", CultureInfo.InvariantCulture)
                : m.Value);
        var spaced = Whitespace().Replace(numbers, " ");
        return AroundPunctuation().Replace(spaced, "$1");
    }

    // A number not glued to a name (x2 is a symbol, not x and 2); a sign is left to the text,
    // so "a-1" and "a - 1" normalise alike.
    [GeneratedRegex(@"(?<![\w.])(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?(?![\w.])")]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@" ?([\[\](){},;:+\-*/^=]) ?")]
    private static partial Regex AroundPunctuation();
}
