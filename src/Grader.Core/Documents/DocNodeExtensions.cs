using System.Globalization;

namespace Grader.Core.Documents;

/// <summary>
/// Typed access to a <see cref="DocNode"/> tree for rubric and answer loading. Every failure is a
/// <see cref="DocumentException"/> at the offending node, worded for the person who wrote the file.
/// <para>
/// <c>what</c> names the node in messages ("the rubric", "item '2.1'"); the mapping getters name
/// the value by its key. Optional getters treat a missing key and an empty value (<c>key:</c>,
/// <c>~</c>, <c>null</c>) alike. Text getters accept any scalar and return its raw text, so
/// <c>id: 2.10</c> gives "2.10"; number, integer and boolean getters want plain (unquoted) values.
/// </para>
/// </summary>
public static class DocNodeExtensions
{
    // ---- The node itself -------------------------------------------------------------------

    public static DocNode.Mapping RequireMapping(this DocNode node, string what) =>
        node as DocNode.Mapping ?? throw Expected(node, what, "a mapping (key: value lines)");

    public static DocNode.Sequence RequireSequence(this DocNode node, string what) =>
        node as DocNode.Sequence ?? throw Expected(node, what, "a list");

    /// <summary>Any scalar that is not null.</summary>
    public static DocNode.Scalar RequireScalar(this DocNode node, string what) =>
        node is DocNode.Scalar { IsNull: false } scalar ? scalar : throw Expected(node, what, "a single value");

    public static string AsString(this DocNode node, string what) => node.RequireScalar(what).Text;

    /// <summary>A finite plain number.</summary>
    public static double AsNumber(this DocNode node, string what)
    {
        if (node is not DocNode.Scalar scalar || !scalar.TryGetNumber(out var value))
            throw Expected(node, what, "a number");
        if (!double.IsFinite(value))
            throw new DocumentException($"{what} must be a finite number, got {scalar.Text}", node.Position);
        return value;
    }

    public static int AsInteger(this DocNode node, string what)
    {
        var value = node.AsNumber(what);
        if (value != Math.Floor(value) || value is < int.MinValue or > int.MaxValue)
            throw new DocumentException(
                $"{what} must be a whole number, got {value.ToString(CultureInfo.InvariantCulture)}", node.Position);
        return (int)value;
    }

    public static bool AsBool(this DocNode node, string what) =>
        node is DocNode.Scalar scalar && scalar.TryGetBoolean(out var value)
            ? value
            : throw Expected(node, what, "true or false");

    /// <summary>A list of values, each read as text. A single value is accepted as a list of one.</summary>
    public static IReadOnlyList<string> AsStringList(this DocNode node, string what) => node switch
    {
        DocNode.Sequence list => list.Items.Select((item, i) => item.AsString($"entry {i + 1} of {what}")).ToArray(),
        DocNode.Scalar { IsNull: false } scalar => [scalar.Text],
        _ => throw Expected(node, what, "a list of values"),
    };

    // ---- Mapping members -------------------------------------------------------------------

    /// <summary>The value of <paramref name="key"/>, or null when the key is missing or its value is empty.</summary>
    public static DocNode? Find(this DocNode.Mapping mapping, string key) =>
        mapping[key] is { } value && !(value is DocNode.Scalar { IsNull: true }) ? value : null;

    public static DocNode Require(this DocNode.Mapping mapping, string key, string what)
    {
        if (mapping.Find(key) is { } value)
            return value;
        var entry = mapping.Entries.FirstOrDefault(e => e.Key.Text == key);
        return entry.Key is null
            ? throw new DocumentException($"{what} is missing '{key}'", mapping.Position)
            : throw new DocumentException($"'{key}' of {what} has no value", entry.Key.Position);
    }

    public static string GetString(this DocNode.Mapping m, string key, string what) =>
        m.Require(key, what).AsString(Name(key));

    public static string? GetOptionalString(this DocNode.Mapping m, string key) => m.Find(key)?.AsString(Name(key));

    public static double GetNumber(this DocNode.Mapping m, string key, string what) =>
        m.Require(key, what).AsNumber(Name(key));

    public static double? GetOptionalNumber(this DocNode.Mapping m, string key) => m.Find(key)?.AsNumber(Name(key));

    public static int GetInteger(this DocNode.Mapping m, string key, string what) =>
        m.Require(key, what).AsInteger(Name(key));

    public static int? GetOptionalInteger(this DocNode.Mapping m, string key) => m.Find(key)?.AsInteger(Name(key));

    public static bool GetBool(this DocNode.Mapping m, string key, string what) =>
        m.Require(key, what).AsBool(Name(key));

    public static bool? GetOptionalBool(this DocNode.Mapping m, string key) => m.Find(key)?.AsBool(Name(key));

    public static IReadOnlyList<string> GetStringList(this DocNode.Mapping m, string key, string what) =>
        m.Require(key, what).AsStringList(Name(key));

    /// <summary>The list under <paramref name="key"/>, or an empty list when it is missing or empty.</summary>
    public static IReadOnlyList<string> GetOptionalStringList(this DocNode.Mapping m, string key) =>
        m.Find(key)?.AsStringList(Name(key)) ?? [];

    /// <summary>
    /// Refuses keys outside <paramref name="allowed"/>, so a typo such as <c>pointz:</c> is an error
    /// rather than a silently missing setting. Suggests the nearest allowed key.
    /// </summary>
    public static void RejectUnknownKeys(this DocNode.Mapping mapping, string what, params IReadOnlyList<string> allowed)
    {
        foreach (var (key, _) in mapping.Entries)
        {
            if (allowed.Contains(key.Text, StringComparer.Ordinal))
                continue;
            var hint = KeySuggestion.Nearest(key.Text, allowed) is { } near ? $"did you mean '{near}'? " : "";
            throw new DocumentException(
                $"unknown key {DocText.Quote(key.Text)} in {what} ({hint}expected one of: {string.Join(", ", allowed)})",
                key.Position);
        }
    }

    // ---- Messages --------------------------------------------------------------------------

    private static string Name(string key) => $"'{key}'";

    private static DocumentException Expected(DocNode node, string what, string expected) =>
        new($"{what} must be {expected}, got {Describe(node)}", node.Position);

    /// <summary>The node in words, with a short quote of scalars: "text 'abc'", "a list".</summary>
    internal static string Describe(DocNode node) => node switch
    {
        DocNode.Scalar { IsNull: true } => "nothing (empty)",
        DocNode.Scalar s => $"{s.KindName} {DocText.Quote(s.Text)}",
        _ => node.KindName,
    };
}
