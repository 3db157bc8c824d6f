using Grader.Core.Answers;
using Grader.Core.Documents;
using Grader.Core.Expressions;
using Grader.Core.Expressions.Builtins;

namespace Grader.Core.Rubrics;

/// <summary>The fields of formula items: expected formula(s), variable domains, definitions.</summary>
internal static class FormulaItemLoader
{
    private const int MaxSamples = 500;

    public static FormulaCheck Read(MappingFields fields, string id, ItemDefaults defaults, RubricSymbols symbols)
    {
        var variables = VariableDomainReader.Read(fields.Optional("variables"));
        var local = new HashSet<string>(variables.Select(v => v.Name), StringComparer.Ordinal);
        var definitions = new List<(string Name, Expr Definition)>();
        if (fields.Optional("definitions") is { } definitionsNode)
            foreach (var (key, value) in RubricLoader.Entries(definitionsNode, "definitions"))
            {
                RubricSymbols.RequireIdentifier(key);
                var definition = RubricExpressions.Parse(value, key.Text);
                symbols.RequireKnown(definition, value, key.Text, local);
                definitions.Add((key.Text, definition));
                local.Add(key.Text);
            }

        var (shape, cells) = ReadCells(fields.Required("expected"), symbols, local);

        Expr? constraint = null;
        if (fields.Optional("where") is { } whereNode)
        {
            constraint = RubricExpressions.Parse(whereNode, "where");
            symbols.RequireKnown(constraint, whereNode, "where", local);
        }
        var samples = fields.OptionalNumber("samples") is { } s
            ? s is >= 4 and <= MaxSamples && s == Math.Floor(s) ? (int)s : throw new DocumentException($"'samples' must be a whole number from 4 to {MaxSamples}", fields.Position)
            : 24;
        var tolerance = ItemDefaults.ReadTolerance(fields.Optional("tolerance"));
        var mistakes = ReadMistakes(fields.Optional("mistakes"), shape, symbols, local);
        var alternatives = ReadAlternatives(fields.Optional("accept"), shape, symbols, local);
        var allowed = ReadAllowed(fields.Optional("allow"));
        var indices = ReadIndices(fields.Optional("indices"), local);

        var spec = new EquivalenceSpec
        {
            Variables = variables,
            Definitions = definitions,
            Constraint = constraint,
            Samples = samples,
            Seed = RubricExpressions.StableSeed(id),
            RelativeTolerance = tolerance?.Relative ?? 1e-6,
            AbsoluteTolerance = tolerance?.Absolute ?? 1e-9,
            Functions = StandardFunctions.Table,
            CandidateFunctions = StandardFunctions.ForStudents(allowed),
            Indices = indices,
        };
        return new FormulaCheck(shape, cells.Select(c => c.Expression).ToList(), cells.Select(c => c.Text).ToList(), spec,
            ItemDefaults.ReadPartial(fields.Optional("partial")) ?? defaults.Partial, mistakes)
        {
            Alternatives = alternatives,
        };
    }

    /// <summary>
    /// <c>indices: [i, j]</c>: the student may write the answer entry by entry in these names
    /// (<c>yhat_i*(delta_ij - yhat_j)</c>); they must not clash with the item's other names.
    /// </summary>
    private static IReadOnlyList<string> ReadIndices(DocNode? node, IReadOnlyCollection<string> local)
    {
        if (node is null) return [];
        var names = new List<string>();
        foreach (var entry in node.RequireSequence("'indices'").Items)
        {
            var name = MappingFields.Text(entry, "indices");
            RubricSymbols.RequireIdentifier(name, entry.Position);
            if (local.Contains(name) || names.Contains(name))
                throw new DocumentException($"'indices': '{name}' is already a name of this item", entry.Position);
            names.Add(name);
        }
        return names;
    }

    /// <summary><c>accept:</c> further right answers (another loss that does the job, another form), like 'expected'.</summary>
    private static IReadOnlyList<IReadOnlyList<Expr>> ReadAlternatives(DocNode? node, IReadOnlyList<int> shape,
        RubricSymbols symbols, IReadOnlyCollection<string> local)
    {
        if (node is null) return [];
        return node.RequireSequence("'accept'").Items.Select(entry =>
        {
            var (alternativeShape, cells) = ReadCells(entry, symbols, local);
            if (!alternativeShape.SequenceEqual(shape))
                throw new DocumentException("an accepted answer must have the shape of 'expected'", entry.Position);
            return (IReadOnlyList<Expr>)cells.Select(c => c.Expression).ToList();
        }).ToList();
    }

    /// <summary>
    /// <c>allow: [softmax]</c>: reference functions the student's formula may call, where the sheet
    /// itself gives them (yhat = softmax(z)); everything else of the library stays withheld.
    /// </summary>
    private static IReadOnlyList<string> ReadAllowed(DocNode? node)
    {
        if (node is null) return [];
        var names = new List<string>();
        foreach (var entry in node.RequireSequence("'allow'").Items)
        {
            var name = MappingFields.Text(entry, "allow");
            if (!StandardFunctions.ReferenceLibrary.Contains(name))
                throw new DocumentException(StandardFunctions.Table.Contains(name)
                    ? $"'allow': {name} is an elementary function, which answers may always call"
                    : $"'allow': {name} is not a function of the reference library (see grader functions)", entry.Position);
            names.Add(name);
        }
        return names;
    }

    /// <summary>One formula (shape []) or a grid of formulas given as nested lists.</summary>
    private static (IReadOnlyList<int> Shape, List<(string Text, Expr Expression)> Cells) ReadCells(
        DocNode node, RubricSymbols symbols, IReadOnlyCollection<string> local)
    {
        if (node is DocNode.Scalar)
        {
            var text = MappingFields.Text(node, "expected");
            return ([], [(text, Parse(text, node, symbols, local))]);
        }
        var (grid, error, position) = AnswerValues.ToTextMatrix(node);
        if (grid is null) throw new DocumentException($"'expected': {error}", position);
        return (grid.Shape, grid.Cells.Select(text => (text, Parse(text, node, symbols, local))).ToList());
    }

    private static Expr Parse(string text, DocNode node, RubricSymbols symbols, IReadOnlyCollection<string> local)
    {
        var parsed = ExpressionParser.Parse(text);
        if (!parsed.Succeeded)
            throw new DocumentException($"'expected': {parsed.Error.Message} in \"{text}\"", node.Position);
        symbols.RequireKnown(parsed.Expression, node, "expected", local);
        return parsed.Expression;
    }

    private static IReadOnlyList<FormulaMistake> ReadMistakes(DocNode? node, IReadOnlyList<int> shape,
        RubricSymbols symbols, IReadOnlyCollection<string> local)
    {
        if (node is null) return [];
        return node.RequireSequence("'mistakes'").Items.Select(entry =>
        {
            var fields = new MappingFields(entry, "a mistake");
            var expectedNode = fields.Required("expected");
            var (mistakeShape, cells) = ReadCells(expectedNode, symbols, local);
            if (!mistakeShape.SequenceEqual(shape))
                throw new DocumentException("a mistake must have the shape of 'expected'", expectedNode.Position);
            var mistake = new FormulaMistake(cells.Select(c => c.Expression).ToList(),
                fields.RequiredText("feedback"), fields.OptionalNumber("points") ?? 0);
            fields.RejectUnknownKeys();
            return mistake;
        }).ToList();
    }
}
