namespace Grader.Core.Documents;

/// <summary>Formatting of user-supplied text inside error messages.</summary>
internal static class DocText
{
    private const int MaxShown = 40;

    /// <summary>
    /// <c>'text'</c>, shortened and kept on one line, so that a hostile or huge value cannot
    /// flood a log line or forge extra "file:line:col:" lines.
    /// </summary>
    public static string Quote(string text)
    {
        var shown = text.Length > MaxShown ? text[..MaxShown] + "..." : text;
        shown = shown.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t");
        return $"'{shown}'";
    }
}
