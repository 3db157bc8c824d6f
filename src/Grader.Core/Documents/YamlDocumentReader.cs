using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Grader.Core.Documents;

/// <summary>
/// Reads YAML into a <see cref="DocNode"/> tree from YamlDotNet's low-level parser events, never
/// through the deserializer, so nothing is ever instantiated from the file. Refuses anchors and
/// aliases (which also rules out "billion laughs" alias bombs), multiple documents, duplicate or
/// non-scalar keys, and anything over <see cref="DocumentLimits"/>. Tags are ignored, except that
/// <c>!!str</c> makes a scalar <see cref="DocNode.Scalar.Quoted"/>.
/// </summary>
public static partial class YamlDocumentReader
{
    private const string StringTag = "tag:yaml.org,2002:str";

    /// <exception cref="DocumentException">The text is not acceptable YAML; the position says where.</exception>
    public static DocNode Read(string text, DocumentLimits limits)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(limits);
        DocumentSize.Check(text, limits);
        text = DocumentSize.WithoutBom(text);

        var scanner = new Scanner(new StringReader(text), skipComments: true);
        var parser = new Parser(scanner);
        var builder = new DocTreeBuilder(limits);
        var documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                var position = PositionOf(current.Start);
                switch (current)
                {
                    case DocumentStart:
                        if (++documents > 1)
                            throw new DocumentException(
                                "a file may hold only one YAML document, but a second one starts here", position);
                        break;
                    case AnchorAlias:
                        throw AnchorsNotAllowed(position);
                    case NodeEvent { Anchor.IsEmpty: false }:
                        throw AnchorsNotAllowed(position);
                    case SequenceStart:
                        builder.StartSequence(position);
                        break;
                    case MappingStart:
                        builder.StartMapping(position);
                        break;
                    case SequenceEnd or MappingEnd:
                        builder.End();
                        break;
                    case Scalar scalar:
                        builder.Scalar(scalar.Value, IsQuoted(scalar), position);
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            throw new DocumentException($"YAML syntax error: {CleanMessage(e.Message)}", PositionOf(e.Start));
        }
        catch (Exception e) when (e is not (DocumentException or OutOfMemoryException))
        {
            // YamlDotNet fails on some malformed input with other exceptions (seen: an
            // InvalidOperationException for "a: [1, 2\nb: 3"). The input is untrusted, so this
            // must still be a positioned DocumentException rather than a crash.
            throw new DocumentException(
                "YAML syntax error: the text cannot be read here (check brackets, quotes and indentation)",
                PositionOf(scanner.CurrentPosition));
        }

        // A lone "---" parses to one empty value: no more useful than an empty file.
        return builder.Root is { } root and not DocNode.Scalar { Text: "", Quoted: false }
            ? root
            : throw new DocumentException("the file is empty", new SourcePosition(1, 1));
    }

    /// <summary>
    /// Anything but a plain scalar is text: quoted, block (<c>|</c>, <c>&gt;</c>) and
    /// <c>!!str</c>-tagged scalars are never read as numbers, booleans or null in YAML either.
    /// </summary>
    private static bool IsQuoted(Scalar scalar) =>
        scalar.Style is not ScalarStyle.Plain || (!scalar.Tag.IsEmpty && scalar.Tag.Value == StringTag);

    private static DocumentException AnchorsNotAllowed(SourcePosition position) =>
        new("YAML anchors and aliases (&, *) are not allowed", position);

    // YamlDotNet marks are 1-based already; clamp so absurd inputs cannot overflow an int.
    private static SourcePosition PositionOf(Mark mark) =>
        new((int)Math.Clamp(mark.Line, 1, int.MaxValue), (int)Math.Clamp(mark.Column, 1, int.MaxValue));

    /// <summary>
    /// "while parsing a flow sequence, did not find expected ',' or ']'": without YamlDotNet's
    /// "(Line: 1, Col: 2, Idx: 1) - (Line: ...): " prefix, as the position is reported separately.
    /// </summary>
    private static string CleanMessage(string message)
    {
        var cleaned = MarkPrefix().Replace(message, "").Trim().TrimEnd('.');
        return cleaned.Length == 0 ? "the text cannot be read" : char.ToLowerInvariant(cleaned[0]) + cleaned[1..];
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}
