using System.Globalization;
using System.Text.RegularExpressions;
using Grader.Core.Answers;
using Grader.Core.Documents;
using Grader.Core.Expressions;
using Grader.Core.Expressions.Builtins;
using Grader.Core.Numerics;

namespace Grader.Core.Checking;

/// <summary>
/// Reads a numeric answer: a number, nested lists of numbers, a size ("5x2", "5 \times 2",
/// "3 x (1 x 5 x 3)"), a list or matrix written as text ("(5, 2)", "[1 2; 3 4]"), a number with
/// thousands separators ("61,706", where one number is expected), or a constant arithmetic
/// expression such as "-1/3 (log 0.2 + log 0.5 + log 0.9)". Expressions get the student function
/// table: arithmetic, never the reference library.
/// </summary>
internal static partial class NumericAnswerReader
{
    /// <param name="expectedShape">The reference's shape: decides whether "61,706" is one number or two.</param>
    public static NdArray? Read(DocNode node, int[] expectedShape, out string? error)
    {
        error = null;
        // Text that is not a plain number ("5x2", "ln(2)/3"), quoted or not, is read as an expression.
        if (node is DocNode.Scalar { IsNull: false } scalar && !scalar.TryGetNumber(out _)
            && !double.TryParse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            return ReadText(scalar.Text, expectedShape, out error);

        var (value, message, position) = AnswerValues.ToArray(node);
        if (value is null) error = Locate(message ?? "not a number or array", node.Position, position);
        return value;
    }

    private static NdArray? ReadText(string text, int[] expectedShape, out string? error)
    {
        error = null;
        if (SizeText.Read(text) is { } sizes) return NdArray.Vector(sizes);
        if (expectedShape.Length == 0 && Thousands().IsMatch(text))
            return NdArray.Scalar(double.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture));
        // "28, 28, 10" where a list is expected is that list.
        if ((TextMatrix.Split(text) ?? (expectedShape.Length > 0 && text.Contains(',') ? TextMatrix.Split($"[{text}]") : null)) is { } rows)
            return ReadRows(text, rows, out error);
        var parsed = ExpressionParser.Parse(text, Arithmetic);
        if (!parsed.Succeeded)
        {
            error = $"could not read '{Shorten(text)}' as a number: {parsed.Error!.Message}";
            return null;
        }
        if (parsed.Expression!.FreeVariables().FirstOrDefault() is { } symbol)
        {
            error = $"'{Shorten(text)}' is not a number: it uses the symbol '{symbol}'";
            return null;
        }
        if (!ExpressionEvaluator.TryEvaluate(parsed.Expression, Scope.Empty, StandardFunctions.Student, out var value, out var message))
        {
            error = $"could not evaluate '{Shorten(text)}': {message}";
            return null;
        }
        if (ValueNormalizer.Normalize(value) is Value.Tensor { Array: var array } && array.AllFinite()) return array;
        error = $"'{Shorten(text)}' does not give a finite number";
        return null;
    }

    /// <summary>Constant expressions read like formulas: "log 0.2" is log(0.2); no names to declare.</summary>
    private static readonly Notation Arithmetic = new([], StandardFunctions.Student);

    /// <summary>A list or matrix laid out as text; one row is a list. Each entry is a number or constant expression.</summary>
    private static NdArray? ReadRows(string text, List<List<string>> rows, out string? error)
    {
        if (TextMatrix.Ragged(rows) is { } ragged)
        {
            error = $"'{Shorten(text)}': {ragged}";
            return null;
        }
        var values = new List<double>();
        foreach (var cell in rows.SelectMany(r => r))
        {
            var value = ReadText(cell, [], out error);
            if (value is null) return null;
            if (value.Length != 1)
            {
                error = $"the entry '{Shorten(cell)}' of '{Shorten(text)}' is not a single number";
                return null;
            }
            values.Add(value.Data[0]);
        }
        error = null;
        return rows.Count == 1 ? NdArray.Vector([.. values]) : new NdArray([rows.Count, rows[0].Count], [.. values]);
    }

    private static string Locate(string message, SourcePosition itemPosition, SourcePosition position) =>
        position == default || position == itemPosition ? message : $"{message} (line {position.Line}, column {position.Column})";

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    // 61,706 and 1,234,567: groups of three digits.
    [GeneratedRegex(@"^\s*[+-]?\d{1,3}(,\d{3})+(\.\d+)?\s*$")]
    private static partial Regex Thousands();
}
