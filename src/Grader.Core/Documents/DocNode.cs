using System.Globalization;

namespace Grader.Core.Documents;

/// <summary>1-based line and column in a source file, for messages like <c>rubric.yaml:12:5</c>.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>
/// A parsed YAML or JSON document with the position of every node, so that rubric and answer
/// errors can point at file:line:column. Both readers produce this same tree.
/// </summary>
public abstract record DocNode(SourcePosition Position)
{
    /// <summary>
    /// A leaf. <see cref="Quoted"/> is true for quoted YAML scalars and JSON strings: a quoted
    /// "42" is text, a plain 42 is a number.
    /// </summary>
    public sealed record Scalar(string Text, bool Quoted, SourcePosition Position) : DocNode(Position)
    {
        public bool IsNull => !Quoted && Text is "" or "~" or "null" or "Null" or "NULL";

        public bool TryGetNumber(out double value)
        {
            value = 0;
            if (Quoted) return false;
            switch (Text)
            {
                case ".nan" or ".NaN" or ".NAN" or "NaN" or "nan":
                    value = double.NaN; return true;
                case ".inf" or "+.inf" or ".Inf" or "+.Inf" or ".INF" or "Infinity" or "inf":
                    value = double.PositiveInfinity; return true;
                case "-.inf" or "-.Inf" or "-.INF" or "-Infinity" or "-inf":
                    value = double.NegativeInfinity; return true;
            }
            return double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        public bool TryGetBoolean(out bool value)
        {
            value = false;
            if (Quoted) return false;
            switch (Text)
            {
                case "true" or "True" or "TRUE": value = true; return true;
                case "false" or "False" or "FALSE": return true;
                default: return false;
            }
        }

        public override string ToString() => Text;
    }

    public sealed record Sequence(IReadOnlyList<DocNode> Items, SourcePosition Position) : DocNode(Position);

    public sealed record Mapping(IReadOnlyList<KeyValuePair<Scalar, DocNode>> Entries, SourcePosition Position)
        : DocNode(Position)
    {
        public DocNode? this[string key] =>
            Entries.FirstOrDefault(e => e.Key.Text == key).Value;

        public IEnumerable<string> Keys => Entries.Select(e => e.Key.Text);
    }

    /// <summary>What kind of node this is, in words for error messages.</summary>
    public string KindName => this switch
    {
        Scalar s when s.IsNull => "nothing (null)",
        Scalar s when s.TryGetNumber(out _) => "a number",
        Scalar => "text",
        Sequence => "a list",
        Mapping => "a mapping",
        _ => "a node",
    };
}
