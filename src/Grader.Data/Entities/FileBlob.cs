namespace Grader.Data.Entities;

/// <summary>Uploaded bytes, addressed by their SHA-256: identical files are stored once.</summary>
public sealed class FileBlob
{
    public required byte[] Sha256 { get; set; }
    public long Size { get; set; }
    /// <summary>Inline bytes of a blob stored before chunking; null: the bytes are in file_chunks.</summary>
    public byte[]? Content { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
