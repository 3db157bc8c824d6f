using System.Globalization;
using System.Text.RegularExpressions;
using Grader.Core.Answers;
using Grader.Core.Documents;
using Grader.Core.Expressions;
using Grader.Core.Expressions.Builtins;
using Grader.Core.Numerics;

namespace Grader.Core.Checking;

/// <summary>
/// Reads a numeric answer: a number, nested lists of numbers, a size written "5x2", or a
/// constant arithmetic expression such as "-(ln(0.2) + ln(0.5) + ln(0.9))/3".
/// </summary>
internal static partial class NumericAnswerReader
{
    public static NdArray? Read(DocNode node, out string? error)
    {
        error = null;
        // Text that is not a plain number ("5x2", "ln(2)/3"), quoted or not, is read as an expression.
        if (node is DocNode.Scalar { IsNull: false } scalar && !scalar.TryGetNumber(out _)
            && !double.TryParse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            return ReadText(scalar.Text, out error);

        var (value, message, position) = AnswerValues.ToArray(node);
        if (value is null) error = Locate(message ?? "not a number or array", node.Position, position);
        return value;
    }

    private static NdArray? ReadText(string text, out string? error)
    {
        error = null;
        if (SizePattern().Match(text) is { Success: true } size)
        {
            var dims = size.Groups["dim"].Captures.Select(c => double.Parse(c.Value, CultureInfo.InvariantCulture)).ToArray();
            return NdArray.Vector(dims);
        }
        var parsed = ExpressionParser.Parse(text);
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

    private static string Locate(string message, SourcePosition itemPosition, SourcePosition position) =>
        position == default || position == itemPosition ? message : $"{message} (line {position.Line}, column {position.Column})";

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    [GeneratedRegex(@"^\s*(?<dim>\d+)(\s*[x×*]\s*(?<dim>\d+))+\s*$")]
    private static partial Regex SizePattern();
}
