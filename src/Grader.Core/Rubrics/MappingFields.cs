using Grader.Core.Documents;

namespace Grader.Core.Rubrics;

/// <summary>
/// Reads the keys of one YAML mapping and remembers which were used, so that a misspelt key
/// ("pointz") is reported instead of silently ignored.
/// </summary>
internal sealed class MappingFields
{
    private readonly DocNode.Mapping _mapping;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public MappingFields(DocNode node, string what)
    {
        _mapping = node as DocNode.Mapping
            ?? throw new DocumentException($"{what} must be a mapping of keys to values, got {node.KindName}", node.Position);
    }

    public SourcePosition Position => _mapping.Position;

    public DocNode? Optional(string key)
    {
        _used.Add(key);
        var node = _mapping[key];
        return node is DocNode.Scalar { IsNull: true } ? null : node;
    }

    public DocNode Required(string key) =>
        Optional(key) ?? throw new DocumentException($"missing required key '{key}'", _mapping.Position);

    public string RequiredText(string key) => Text(Required(key), key);

    public string? OptionalText(string key) => Optional(key) is { } node ? Text(node, key) : null;

    public double RequiredNumber(string key) => Number(Required(key), key);

    public double? OptionalNumber(string key) => Optional(key) is { } node ? Number(node, key) : null;

    public bool OptionalBool(string key, bool fallback) => Optional(key) switch
    {
        null => fallback,
        DocNode.Scalar s when s.TryGetBoolean(out var b) => b,
        var node => throw new DocumentException($"'{key}' must be true or false, got {node.KindName}", node.Position),
    };

    public IReadOnlyList<string> OptionalTextList(string key) => Optional(key) switch
    {
        null => [],
        DocNode.Sequence list => list.Items.Select(item => Text(item, key)).ToList(),
        var node => [Text(node, key)],
    };

    /// <summary>Throws for the first key that no reader asked for.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var (key, _) in _mapping.Entries)
            if (!_used.Contains(key.Text))
                throw new DocumentException(
                    $"unknown key '{key.Text}' (expected one of: {string.Join(", ", _used.Order())})", key.Position);
    }

    public static string Text(DocNode node, string key) => node is DocNode.Scalar scalar && !scalar.IsNull
        ? scalar.Text
        : throw new DocumentException($"'{key}' must be text, got {node.KindName}", node.Position);

    public static double Number(DocNode node, string key) =>
        node is DocNode.Scalar scalar && scalar.TryGetNumber(out var value) && double.IsFinite(value)
            ? value
            : throw new DocumentException($"'{key}' must be a finite number, got {node.KindName}", node.Position);
}
