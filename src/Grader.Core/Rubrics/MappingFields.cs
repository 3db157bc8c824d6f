using Grader.Core.Documents;

namespace Grader.Core.Rubrics;

/// <summary>
/// Reads the keys of one rubric mapping through <see cref="DocNodeExtensions"/> and remembers
/// which keys were asked for, so that a misspelt key ("pointz") is reported rather than ignored,
/// without every reader keeping its own list of allowed keys.
/// </summary>
internal sealed class MappingFields
{
    private readonly DocNode.Mapping _mapping;
    private readonly string _what;
    private readonly List<string> _used = [];

    public MappingFields(DocNode node, string what)
    {
        _mapping = node.RequireMapping(what);
        _what = what;
    }

    public SourcePosition Position => _mapping.Position;

    public DocNode? Optional(string key)
    {
        if (!_used.Contains(key)) _used.Add(key);
        return _mapping.Find(key);
    }

    public DocNode Required(string key)
    {
        Optional(key);
        return _mapping.Require(key, _what);
    }

    public string RequiredText(string key) => Text(Required(key), key);

    public string? OptionalText(string key) => Optional(key)?.AsString($"'{key}'");

    public double? OptionalNumber(string key) => Optional(key)?.AsNumber($"'{key}'");

    public bool OptionalBool(string key, bool fallback) => Optional(key)?.AsBool($"'{key}'") ?? fallback;

    public IReadOnlyList<string> OptionalTextList(string key) => Optional(key)?.AsStringList($"'{key}'") ?? [];

    public void RejectUnknownKeys() => _mapping.RejectUnknownKeys(_what, _used);

    public static string Text(DocNode node, string key) => node.AsString($"'{key}'");

    public static double Number(DocNode node, string key) => node.AsNumber($"'{key}'");
}
