using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Grader.Core.Documents;

/// <summary>
/// Reads JSON into a <see cref="DocNode"/> tree with <see cref="Utf8JsonReader"/>. Strings become
/// quoted scalars; numbers plain scalars with their exact source text; <c>true</c>, <c>false</c>
/// and <c>null</c> plain scalars of those words. Comments and trailing commas are allowed because
/// students edit these files by hand. Same limits and key rules as <see cref="YamlDocumentReader"/>.
/// </summary>
public static partial class JsonDocumentReader
{
    /// <exception cref="DocumentException">The text is not acceptable JSON; the position says where.</exception>
    public static DocNode Read(string text, DocumentLimits limits)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(limits);
        DocumentSize.Check(text, limits);
        text = DocumentSize.WithoutBom(text);
        if (string.IsNullOrWhiteSpace(text))
            throw new DocumentException("the file is empty", new SourcePosition(1, 1));

        var utf8 = Encoding.UTF8.GetBytes(text);
        var positions = new Utf8PositionTracker(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            // One more than ours, so that our own, clearer depth message is the one students see.
            MaxDepth = limits.MaxDepth + 1,
        });
        var builder = new DocTreeBuilder(limits);
        try
        {
            while (reader.Read())
            {
                var position = positions.At(reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartArray:
                        builder.StartSequence(position);
                        break;
                    case JsonTokenType.StartObject:
                        builder.StartMapping(position);
                        break;
                    case JsonTokenType.EndArray or JsonTokenType.EndObject:
                        builder.End();
                        break;
                    case JsonTokenType.PropertyName or JsonTokenType.String:
                        builder.Scalar(reader.GetString()!, quoted: true, position);
                        break;
                    case JsonTokenType.Number:
                        builder.Scalar(Encoding.UTF8.GetString(reader.ValueSpan), quoted: false, position);
                        break;
                    case JsonTokenType.True:
                        builder.Scalar("true", quoted: false, position);
                        break;
                    case JsonTokenType.False:
                        builder.Scalar("false", quoted: false, position);
                        break;
                    case JsonTokenType.Null:
                        builder.Scalar("null", quoted: false, position);
                        break;
                }
            }
        }
        catch (JsonException e) when (e.Message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            throw new DocumentException("the file is empty (it has no JSON value, only comments)", new SourcePosition(1, 1));
        }
        catch (JsonException e)
        {
            var position = positions.AtLine(e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            throw new DocumentException($"JSON syntax error: {CleanMessage(e.Message)}", position);
        }

        return builder.Root ?? throw new DocumentException("the file is empty", new SourcePosition(1, 1));
    }

    /// <summary>Drops the trailing "LineNumber: 0 | BytePositionInLine: 5." (0-based, in bytes); we report our own position.</summary>
    private static string CleanMessage(string message)
    {
        var cleaned = PositionSuffix().Replace(message, "").Trim().TrimEnd('.');
        return cleaned.Length == 0 ? "the text cannot be read" : cleaned;
    }

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$")]
    private static partial Regex PositionSuffix();
}
