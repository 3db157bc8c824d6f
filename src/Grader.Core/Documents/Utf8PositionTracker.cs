namespace Grader.Core.Documents;

/// <summary>
/// Turns byte offsets into UTF-8 text into 1-based line:column positions, columns counted in
/// UTF-16 characters as editors show them. Offsets are usually asked for in increasing order,
/// so it walks forward from the last answer: linear overall, even for a 1 MiB single-line file.
/// </summary>
internal sealed class Utf8PositionTracker(ReadOnlyMemory<byte> utf8)
{
    private long _offset;
    private int _line = 1;
    private int _column = 1;

    public SourcePosition At(long byteOffset)
    {
        var bytes = utf8.Span;
        byteOffset = Math.Clamp(byteOffset, 0, bytes.Length);
        if (byteOffset < _offset)
            (_offset, _line, _column) = (0, 1, 1);
        for (; _offset < byteOffset; _offset++)
        {
            byte b = bytes[(int)_offset];
            if (b == (byte)'\n')
            {
                _line++;
                _column = 1;
            }
            else if ((b & 0xC0) != 0x80)
            {
                // A lead byte starts a character; four-byte sequences are surrogate pairs in UTF-16.
                _column += b >= 0xF0 ? 2 : 1;
            }
        }
        return new SourcePosition(_line, _column);
    }

    /// <summary>The position of a 0-based line and byte-in-line, as System.Text.Json reports errors.</summary>
    public SourcePosition AtLine(long zeroBasedLine, long byteInLine)
    {
        var bytes = utf8.Span;
        long offset = 0;
        for (long line = 0; line < zeroBasedLine && offset < bytes.Length; offset++)
            if (bytes[(int)offset] == (byte)'\n')
                line++;
        return At(offset + byteInLine);
    }
}
