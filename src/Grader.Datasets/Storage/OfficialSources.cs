using Grader.Datasets.Formats;

namespace Grader.Datasets.Storage;

/// <summary>
/// Compares a source file with the published checksums of the official file of its name. The
/// archive's own MD5/SHA-256 are compared first; where the official file is a gzip whose
/// decompressed SHA-256 is recorded, the decompressed bytes are compared too, because a
/// distribution may recompress the same data (Debian's <c>dataset-fashion-mnist</c> does: its
/// .gz differ, its content is the official one) and a file may be given already gunzipped.
/// </summary>
internal static class OfficialSources
{
    public static SourceArchive Describe(DatasetInfo info, string path, CancellationToken ct)
    {
        if (Directory.Exists(path))
            return new SourceArchive(Path.GetFileName(Path.TrimEndingDirectorySeparator(path)) + "/", 0, "", "", OfficialChecksum.Unknown);
        var (sha, md5, size) = FileHashing.Hash(path, ct);
        string fileName = Path.GetFileName(path);
        var official = Find(info, fileName);
        if (official is null || (official.Md5 is null && official.Sha256 is null && official.ContentSha256 is null))
            return new SourceArchive(fileName, size, sha, md5, OfficialChecksum.Unknown);
        bool archiveMatches = (official.Md5 is not null || official.Sha256 is not null)
            && (official.Md5 is null || official.Md5 == md5)
            && (official.Sha256 is null || official.Sha256 == sha)
            && (official.Size is null || official.Size == size);
        if (archiveMatches || official.ContentSha256 is null)
            return new SourceArchive(fileName, size, sha, md5, archiveMatches ? OfficialChecksum.Match : OfficialChecksum.Mismatch);
        string content = ContentSha256(path, ct);
        return new SourceArchive(fileName, size, sha, md5,
            content == official.ContentSha256 ? OfficialChecksum.ContentMatch : OfficialChecksum.Mismatch, content);
    }

    /// <summary>The official entry of this name; a gunzipped file matches the entry of its .gz.</summary>
    private static OfficialFile? Find(DatasetInfo info, string fileName) =>
        info.OfficialFiles.FirstOrDefault(f => f.FileName.Equals(fileName, StringComparison.OrdinalIgnoreCase))
        ?? info.OfficialFiles.FirstOrDefault(f => f.ContentSha256 is not null
            && f.FileName.Equals(fileName + ".gz", StringComparison.OrdinalIgnoreCase));

    /// <summary>SHA-256 of the file's bytes after gunzip (of the bytes themselves when it is not gzip).</summary>
    private static string ContentSha256(string path, CancellationToken ct)
    {
        using var stream = SourceStreams.OpenMaybeGzip(path);
        return FileHashing.Sha256(stream, ct);
    }
}
