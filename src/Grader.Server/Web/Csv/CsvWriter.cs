using System.Text;

namespace Grader.Server.Web.Csv;

/// <summary>
/// Writes RFC 4180 CSV: fields with a comma, quote or line break are quoted (quotes doubled), rows
/// end in CRLF. A field that a spreadsheet would run as a formula (starting with = + - @, or a tab
/// or carriage return) gets a leading apostrophe, so a student named "=HYPERLINK(...)" stays text;
/// plain numbers, negative ones included, are left as they are.
/// </summary>
public sealed class CsvWriter
{
    private readonly StringBuilder _text = new();

    public void Row(IEnumerable<string> fields)
    {
        bool first = true;
        foreach (var field in fields)
        {
            if (!first) _text.Append(',');
            first = false;
            Append(Neutralise(field));
        }
        _text.Append("\r\n");
    }

    public override string ToString() => _text.ToString();

    private void Append(string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            _text.Append(field);
            return;
        }
        _text.Append('"').Append(field.Replace("\"", "\"\"")).Append('"');
    }

    private static string Neutralise(string field) =>
        field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsNumber(field) ? "'" + field : field;

    private static bool IsNumber(string field) =>
        double.TryParse(field, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
}
