using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Grader.Core.Answers;
using Grader.Core.Documents;
using Grader.Core.Expressions;
using Grader.Core.Numerics;

namespace Grader.Core.Rubrics;

/// <summary>
/// Reads and validates a rubric from YAML text. Every problem found is reported with its
/// position; one bad item does not hide the problems of the next.
/// </summary>
public static partial class RubricLoader
{
    public static RubricLoadResult Load(string yaml, string sourceName)
    {
        var problems = new List<RubricProblem>();
        try
        {
            var root = DocumentReader.Read(yaml, sourceName, DocumentLimits.Rubric);
            var rubric = Build(new MappingFields(root, "a rubric"), problems, sourceName, Hash(yaml));
            return new RubricLoadResult(problems.Count == 0 ? rubric : null, problems);
        }
        catch (DocumentException e)
        {
            problems.Add(new RubricProblem(e.Message, e.Position));
            return new RubricLoadResult(null, problems);
        }
    }

    private static Rubric Build(MappingFields top, List<RubricProblem> problems, string sourceName, string hash)
    {
        var id = top.RequiredText("id");
        if (!IdPattern().IsMatch(id))
            throw new DocumentException($"id '{id}' must be lowercase letters, digits, '.', '_' or '-'", top.Required("id").Position);
        var title = top.RequiredText("title");
        var course = top.OptionalText("course");
        var totalNode = top.Required("total");
        var total = MappingFields.Number(totalNode, "total");
        var deadline = ReadDeadline(top.Optional("deadline"));
        var notes = top.OptionalText("notes");
        var counts = ReadCounts(top.Optional("counts"));
        var release = ReleasePolicyReader.Read(top.Optional("release"));
        var defaults = ItemDefaults.Read(top.Optional("defaults"));
        var inputs = ReadInputs(top.Optional("inputs"));
        var variants = ReadVariants(top.Optional("variants"), inputs);
        var itemsNode = top.Required("items") as DocNode.Sequence
            ?? throw new DocumentException("'items' must be a list", top.Required("items").Position);
        top.RejectUnknownKeys();

        var symbols = new RubricSymbols(inputs.Keys.Concat(variants.Select(v => v.Name)));
        var items = new List<RubricItem>();
        foreach (var node in itemsNode.Items)
        {
            try
            {
                var item = ItemLoader.Read(node, defaults, symbols);
                if (items.Any(i => i.Id == item.Id))
                    throw new DocumentException($"duplicate item id '{item.Id}'", node.Position);
                items.Add(item);
                if (item.Name is { } name) symbols.AddItem(name, item.Id, node.Position);
            }
            catch (DocumentException e)
            {
                problems.Add(new RubricProblem(e.Message, e.Position));
            }
        }
        if (itemsNode.Items.Count == 0) problems.Add(new RubricProblem("'items' is empty", itemsNode.Position));

        double sum = items.Where(i => !i.Bonus).Sum(i => i.Points);
        if (problems.Count == 0 && Math.Abs(sum - total) > 1e-9)
            problems.Add(new RubricProblem(
                $"total is {NdArrayFormatter.FormatNumber(total)} but the non-bonus items add up to {NdArrayFormatter.FormatNumber(sum)}",
                totalNode.Position));
        return new Rubric(id, title, course, total, deadline, notes, inputs, variants, items, sourceName, hash) { Counts = counts, Release = release };
    }

    private static CountedSubmission ReadCounts(DocNode? node)
    {
        if (node is null) return CountedSubmission.Latest;
        return MappingFields.Text(node, "counts") switch
        {
            "latest" => CountedSubmission.Latest,
            "best" => CountedSubmission.Best,
            var text => throw new DocumentException($"counts '{text}' is not one of: latest, best", node.Position),
        };
    }

    private static DateTimeOffset? ReadDeadline(DocNode? node)
    {
        if (node is null) return null;
        var text = MappingFields.Text(node, "deadline");
        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var deadline)
            ? deadline
            : throw new DocumentException($"deadline '{text}' is not an ISO 8601 date and time", node.Position);
    }

    private static Dictionary<string, NdArray> ReadInputs(DocNode? node)
    {
        var inputs = new Dictionary<string, NdArray>(StringComparer.Ordinal);
        if (node is null) return inputs;
        foreach (var (key, value) in Entries(node, "inputs"))
        {
            RubricSymbols.RequireIdentifier(key);
            var (array, error, position) = AnswerValues.ToArray(value);
            inputs[key.Text] = array ?? throw new DocumentException($"input '{key.Text}': {error}", position);
        }
        return inputs;
    }

    private static List<VariantInput> ReadVariants(DocNode? node, Dictionary<string, NdArray> inputs)
    {
        var variants = new List<VariantInput>();
        if (node is null) return variants;
        foreach (var (key, value) in Entries(node, "variants"))
        {
            RubricSymbols.RequireIdentifier(key);
            if (inputs.ContainsKey(key.Text))
                throw new DocumentException($"'{key.Text}' is both an input and a variant", key.Position);
            variants.Add(new VariantInput(key.Text, RubricExpressions.Parse(value, key.Text), MappingFields.Text(value, key.Text)));
        }
        return variants;
    }

    internal static IReadOnlyList<KeyValuePair<DocNode.Scalar, DocNode>> Entries(DocNode node, string what) =>
        node is DocNode.Mapping mapping
            ? mapping.Entries
            : throw new DocumentException($"'{what}' must be a mapping, got {node.KindName}", node.Position);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex IdPattern();
}
