using Grader.Core.Answers;
using Grader.Core.Documents;
using Grader.Core.Numerics;

namespace Grader.Core.Rubrics;

/// <summary>The fields of number, vector, matrix, tensor and integer items.</summary>
internal static class NumericItemLoader
{
    public static NumericCheck Read(MappingFields fields, ItemKind kind, ItemDefaults defaults, RubricSymbols symbols)
    {
        int? rank = kind switch { ItemKind.Number => 0, ItemKind.Vector => 1, ItemKind.Matrix => 2, _ => null };
        bool exact = kind == ItemKind.Integer;
        var expected = ReadExpected(fields.Required("expected"), "expected", rank, exact, symbols);
        var toleranceNode = fields.Optional("tolerance");
        if (exact && toleranceNode is not null)
            throw new DocumentException("integer items are exact: remove 'tolerance' or use kind number", toleranceNode.Position);
        var mistakes = ReadMistakes(fields.Optional("mistakes"), rank, exact, symbols);
        return new NumericCheck(
            expected,
            rank,
            exact,
            ItemDefaults.ReadTolerance(toleranceNode) ?? defaults.Tolerance,
            ItemDefaults.ReadPartial(fields.Optional("partial")) ?? defaults.Partial,
            mistakes);
    }

    private static ExpectedValue ReadExpected(DocNode node, string key, int? rank, bool exact, RubricSymbols symbols)
    {
        if (RubricExpressions.IsExpression(node))
        {
            var expression = RubricExpressions.Parse(node, key);
            symbols.RequireKnown(expression, node, key);
            return new ExpectedValue.Computed(expression, MappingFields.Text(node, key));
        }
        var (array, error, position) = AnswerValues.ToArray(node);
        if (array is null) throw new DocumentException($"'{key}': {error}", position);
        if (rank is { } r && array.Rank != r)
            throw new DocumentException($"'{key}' has shape {NdArray.FormatShape(array.Shape)}, but the kind needs rank {r}", node.Position);
        if (exact && array.Data.Any(v => v != Math.Floor(v)))
            throw new DocumentException($"'{key}' of an integer item must hold whole numbers", node.Position);
        return new ExpectedValue.Literal(array);
    }

    private static IReadOnlyList<AnticipatedMistake> ReadMistakes(DocNode? node, int? rank, bool exact, RubricSymbols symbols)
    {
        if (node is null) return [];
        if (node is not DocNode.Sequence list) throw new DocumentException("'mistakes' must be a list", node.Position);
        return list.Items.Select(entry =>
        {
            var fields = new MappingFields(entry, "a mistake");
            var mistake = new AnticipatedMistake(
                ReadExpected(fields.Required("expected"), "expected", rank, exact, symbols),
                fields.RequiredText("feedback"),
                fields.OptionalNumber("points") ?? 0);
            fields.RejectUnknownKeys();
            return mistake;
        }).ToList();
    }
}
