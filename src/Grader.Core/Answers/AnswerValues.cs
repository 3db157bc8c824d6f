using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Grader.Core.Documents;
using Grader.Core.Numerics;

namespace Grader.Core.Answers;

/// <summary>
/// Converts raw answer nodes into the values checkers compare. Never throws: a failure is an
/// <see cref="AnswerValue{T}"/> whose error is worded for the student and whose position points
/// at the wrong entry. Index paths in messages are 0-based, as in NumPy: "entry [2][3]".
/// </summary>
public static partial class AnswerValues
{
    /// <summary>
    /// A number (rank 0) or nested lists of numbers (rank = nesting depth), which must be
    /// rectangular. Numbers may also be written as quoted plain decimals ("3.5", "-1e-3").
    /// Refused: text, booleans, empty values, NaN and infinities, more than
    /// <see cref="NdArray.MaxElements"/> entries. <c>[]</c> is an empty vector (shape 0) and
    /// <c>[[], []]</c> a 2x0 matrix. For formulas written as text, see <see cref="TryGetText"/>.
    /// </summary>
    public static AnswerValue<NdArray> ToArray(DocNode node)
    {
        var result = NestedLists.Read<double>(node, "a number", ReadNumber);
        return result.IsOk
            ? AnswerValue<NdArray>.Ok(new NdArray(result.Value.Shape, result.Value.Cells), node.Position)
            : AnswerValue<NdArray>.Fail(result.Error, result.Position);
    }

    /// <summary>
    /// Nested lists of texts and/or numbers as a rectangular grid of their texts, e.g. a matrix of
    /// formulas <c>[["w1", "w2", 0], ...]</c>; numbers keep their source text. A single value is
    /// a grid of rank 0. Empty entries are refused.
    /// </summary>
    public static AnswerValue<TextGrid> ToTextMatrix(DocNode node)
    {
        var result = NestedLists.Read<string>(node, "a number or text", ReadText);
        return result.IsOk
            ? AnswerValue<TextGrid>.Ok(new TextGrid(result.Value.Shape, result.Value.Cells), node.Position)
            : AnswerValue<TextGrid>.Fail(result.Error, result.Position);
    }

    /// <summary>A single value's text; numbers keep their source text ("1.50" stays "1.50").</summary>
    public static AnswerValue<string> ToText(DocNode node) => node switch
    {
        DocNode.Scalar { IsNull: false } scalar => AnswerValue<string>.Ok(scalar.Text, node.Position),
        _ => AnswerValue<string>.Fail(
            $"the answer is {NestedLists.Describe(node)}, expected a single value", node.Position),
    };

    /// <summary>
    /// The text of an answer that is written as text rather than as a number: any quoted value,
    /// or a plain one that is not a number and not empty. Lets a checker accept formulas such as
    /// <c>"floor((H + 2*p - k)/s) + 1"</c> where <see cref="ToArray"/> wants numbers.
    /// </summary>
    public static bool TryGetText(DocNode node, [NotNullWhen(true)] out string? text)
    {
        text = node is DocNode.Scalar { IsNull: false } scalar && (scalar.Quoted || !scalar.TryGetNumber(out _))
            ? scalar.Text
            : null;
        return text is not null;
    }

    private static string? ReadNumber(DocNode.Scalar scalar, out double value)
    {
        value = 0;
        if (scalar.IsNull)
            return "is empty, expected a number";
        if (scalar.TryGetBoolean(out _))
            return $"is the boolean {scalar.Text}, expected a number";
        bool parsed = scalar.Quoted
            ? PlainDecimal().IsMatch(scalar.Text)
              && double.TryParse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            : scalar.TryGetNumber(out value);
        if (!parsed)
            return $"is text {DocText.Quote(scalar.Text)}, expected a number";
        return double.IsFinite(value) ? null : "is not a finite number";
    }

    private static string? ReadText(DocNode.Scalar scalar, out string value)
    {
        value = scalar.Text;
        return scalar.IsNull ? "is empty, expected a number or text" : null;
    }

    // Digits with an optional point and exponent; no NaN, Infinity, hex, separators or commas.
    [GeneratedRegex(@"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")]
    private static partial Regex PlainDecimal();
}
