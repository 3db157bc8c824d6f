using Grader.Core.Documents;

namespace Grader.Core.Rubrics;

/// <summary>Reads a rubric's <c>release: { marks: ..., show_expected: ... }</c>.</summary>
internal static class ReleasePolicyReader
{
    public static ReleasePolicy Read(DocNode? node)
    {
        if (node is null) return ReleasePolicy.Default;
        var fields = new MappingFields(node, "'release'");
        var marks = Choice(fields.Optional("marks"), "marks", ReleasePolicy.Default.Marks);
        var expected = Choice(fields.Optional("show_expected"), "show_expected", ReleasePolicy.Default.ShowExpected);
        fields.RejectUnknownKeys();
        return new ReleasePolicy(marks, expected);
    }

    /// <summary>An enum value written in snake_case ("after_deadline"), or the fallback when absent.</summary>
    private static T Choice<T>(DocNode? node, string key, T fallback) where T : struct, Enum
    {
        if (node is null) return fallback;
        var text = MappingFields.Text(node, key);
        var names = Enum.GetNames<T>().ToDictionary(SnakeCase, n => Enum.Parse<T>(n));
        return names.TryGetValue(text, out var value)
            ? value
            : throw new DocumentException($"{key} '{text}' is not one of: {string.Join(", ", names.Keys)}", node.Position);
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
