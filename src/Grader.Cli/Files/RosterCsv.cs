namespace Grader.Cli.Files;

/// <summary>One student of a roster file.</summary>
public sealed record RosterRow(string Id, string Name, string? Index);

/// <summary>
/// A roster: a header line naming the columns <c>id</c>, <c>name</c> and optionally <c>index</c>,
/// then one student per line. Fields may be double-quoted (with <c>""</c> for a quote).
/// </summary>
public static class RosterCsv
{
    public static (IReadOnlyList<RosterRow>? Rows, string? Error) Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0) return (null, "empty roster");
        var header = Fields(lines[0]).Select(h => h.Trim().ToLowerInvariant()).ToList();
        int id = header.IndexOf("id"), name = header.IndexOf("name"), index = header.IndexOf("index");
        if (id < 0 || name < 0) return (null, "the header must name the columns id and name (and optionally index)");
        var rows = new List<RosterRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Count; i++)
        {
            var fields = Fields(lines[i]);
            if (fields.Count != header.Count) return (null, $"line {i + 1}: {fields.Count} fields, the header has {header.Count}");
            var row = new RosterRow(fields[id].Trim(), fields[name].Trim(), index >= 0 && fields[index].Trim().Length > 0 ? fields[index].Trim() : null);
            if (row.Id.Length == 0) return (null, $"line {i + 1}: empty id");
            if (!seen.Add(row.Id)) return (null, $"line {i + 1}: id '{row.Id}' appears twice");
            rows.Add(row);
        }
        return (rows, null);
    }

    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
