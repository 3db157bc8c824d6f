using System.Buffers;
using Grader.Datasets.Storage;
using Microsoft.Win32.SafeHandles;

namespace Grader.Datasets;

/// <summary>Opens datasets imported by <see cref="DatasetImporter"/>.</summary>
public static class DatasetStore
{
    /// <summary>Whether <c>&lt;dataDirectory&gt;/&lt;name&gt;/manifest.json</c> exists.</summary>
    public static bool Exists(string dataDirectory, string name) =>
        File.Exists(Path.Combine(dataDirectory, KnownDatasets.Get(name).Name, DatasetManifest.FileName));

    /// <summary>
    /// Opens <c>&lt;dataDirectory&gt;/&lt;name&gt;/</c> after checking it against its manifest:
    /// format version, name, every file present with the recorded size, sizes consistent with the
    /// count and shape, labels within the classes, and (variable-size sets) an index whose records
    /// are contiguous, inside the limits and cover <c>images.u8</c> exactly. With
    /// <paramref name="verifySha256"/> the SHA-256 of every file is recomputed and compared too.
    /// Throws <see cref="DatasetIntegrityException"/> on any mismatch.
    /// </summary>
    public static DatasetReader Open(string dataDirectory, string name, bool verifySha256 = false, CancellationToken cancellationToken = default)
    {
        var info = KnownDatasets.Get(name);
        string dir = Path.Combine(dataDirectory, info.Name);
        string manifestPath = Path.Combine(dir, DatasetManifest.FileName);
        if (!File.Exists(manifestPath))
            throw new DatasetIntegrityException($"{dir}: dataset '{info.Name}' is not imported (no {DatasetManifest.FileName})");
        var manifest = DatasetManifest.FromJson(File.ReadAllText(manifestPath), manifestPath);
        CheckManifest(manifest, info, manifestPath);

        foreach (var (file, digest) in manifest.Files)
        {
            string path = Path.Combine(dir, file);
            var fi = new FileInfo(path);
            if (!fi.Exists)
                throw new DatasetIntegrityException($"{path}: missing (listed in the manifest)");
            if (fi.Length != digest.Size)
                throw new DatasetIntegrityException($"{path}: {fi.Length} bytes, the manifest says {digest.Size}");
            if (verifySha256)
            {
                string sha = FileHashing.Sha256(path, cancellationToken);
                if (!sha.Equals(digest.Sha256, StringComparison.OrdinalIgnoreCase))
                    throw new DatasetIntegrityException($"{path}: SHA-256 {sha} differs from the manifest's {digest.Sha256}");
            }
        }

        long labelsSize = manifest.Files[StoreFormat.LabelsFile].Size;
        if (labelsSize != manifest.Count)
            throw new DatasetIntegrityException($"{dir}: {StoreFormat.LabelsFile} holds {labelsSize} labels for {manifest.Count} images");
        long imagesSize = manifest.Files[StoreFormat.ImagesFile].Size;
        if (manifest.ImageShape is { } shape && imagesSize != (long)manifest.Count * shape.Bytes)
            throw new DatasetIntegrityException(
                $"{dir}: {StoreFormat.ImagesFile} is {imagesSize} bytes, not {manifest.Count} images of {shape}");

        SafeFileHandle? images = null, labels = null, index = null;
        try
        {
            images = File.OpenHandle(Path.Combine(dir, StoreFormat.ImagesFile), FileMode.Open, FileAccess.Read, FileShare.Read);
            labels = File.OpenHandle(Path.Combine(dir, StoreFormat.LabelsFile), FileMode.Open, FileAccess.Read, FileShare.Read);
            CheckLabels(labels, manifest, dir, cancellationToken);
            if (manifest.ImageShape is null)
            {
                long indexSize = manifest.Files.TryGetValue(StoreFormat.IndexFile, out var d) ? d.Size
                    : throw new DatasetIntegrityException($"{dir}: variable-size dataset without {StoreFormat.IndexFile} in the manifest");
                if (indexSize != (long)manifest.Count * StoreFormat.IndexRecordBytes)
                    throw new DatasetIntegrityException(
                        $"{dir}: {StoreFormat.IndexFile} is {indexSize} bytes, not {manifest.Count} records of {StoreFormat.IndexRecordBytes}");
                index = File.OpenHandle(Path.Combine(dir, StoreFormat.IndexFile), FileMode.Open, FileAccess.Read, FileShare.Read);
                CheckIndex(index, manifest, imagesSize, dir, cancellationToken);
            }
            var reader = new DatasetReader(dir, manifest, images, labels, index);
            images = labels = index = null;
            return reader;
        }
        finally
        {
            images?.Dispose();
            labels?.Dispose();
            index?.Dispose();
        }
    }

    private static void CheckManifest(DatasetManifest m, DatasetInfo info, string path)
    {
        if (m.FormatVersion != DatasetManifest.CurrentFormatVersion)
            throw new DatasetIntegrityException($"{path}: format version {m.FormatVersion}; this build reads {DatasetManifest.CurrentFormatVersion} (re-import the dataset)");
        if (m.Name != info.Name || m.Kind != info.Kind)
            throw new DatasetIntegrityException($"{path}: manifest is for '{m.Name}' ({m.Kind}), not '{info.Name}'");
        if (m.Count <= 0)
            throw new DatasetIntegrityException($"{path}: count {m.Count}");
        if (m.Classes is null || m.Classes.Count is 0 or > 256)
            throw new DatasetIntegrityException($"{path}: bad class list");
        if (m.Channels is not (1 or 3) || m.MaxWidth is <= 0 or > 65535 || m.MaxHeight is <= 0 or > 65535)
            throw new DatasetIntegrityException($"{path}: bad image geometry");
        if (m.ImageShape is { } s && (s.Channels != m.Channels || s.Width != m.MaxWidth || s.Height != m.MaxHeight))
            throw new DatasetIntegrityException($"{path}: image shape {s} disagrees with the channels / maximum size");
        if (m.Files is null || !m.Files.ContainsKey(StoreFormat.ImagesFile) || !m.Files.ContainsKey(StoreFormat.LabelsFile))
            throw new DatasetIntegrityException($"{path}: the manifest does not list {StoreFormat.ImagesFile} and {StoreFormat.LabelsFile}");
        foreach (var file in m.Files.Keys)
        {
            if (file is not (StoreFormat.ImagesFile or StoreFormat.LabelsFile or StoreFormat.IndexFile))
                throw new DatasetIntegrityException($"{path}: unexpected file '{file}' in the manifest");
        }
    }

    private static void CheckLabels(SafeFileHandle labels, DatasetManifest m, string dir, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            long offset = 0;
            while (offset < m.Count)
            {
                ct.ThrowIfCancellationRequested();
                int n = RandomAccess.Read(labels, buffer.AsSpan(0, (int)Math.Min(buffer.Length, m.Count - offset)), offset);
                if (n == 0)
                    throw new DatasetIntegrityException($"{dir}: {StoreFormat.LabelsFile} ends early");
                for (int i = 0; i < n; i++)
                {
                    if (buffer[i] >= m.ClassCount)
                        throw new DatasetIntegrityException(
                            $"{dir}: label {buffer[i]} of image {offset + i} is outside 0..{m.ClassCount - 1}");
                }
                offset += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void CheckIndex(SafeFileHandle index, DatasetManifest m, long imagesSize, string dir, CancellationToken ct)
    {
        const int chunk = 4096;
        var buffer = ArrayPool<byte>.Shared.Rent(chunk * StoreFormat.IndexRecordBytes);
        try
        {
            long expectedOffset = 0;
            for (int start = 0; start < m.Count; start += chunk)
            {
                ct.ThrowIfCancellationRequested();
                int n = Math.Min(chunk, m.Count - start);
                var span = buffer.AsSpan(0, n * StoreFormat.IndexRecordBytes);
                int read = 0;
                while (read < span.Length)
                {
                    int r = RandomAccess.Read(index, span[read..], (long)start * StoreFormat.IndexRecordBytes + read);
                    if (r == 0)
                        throw new DatasetIntegrityException($"{dir}: {StoreFormat.IndexFile} ends early");
                    read += r;
                }
                for (int i = 0; i < n; i++)
                {
                    var e = StoreFormat.ReadIndexEntry(span[(i * StoreFormat.IndexRecordBytes)..]);
                    bool ok = e.Offset == expectedOffset
                        && e.Channels == m.Channels
                        && e.Width is > 0 && e.Width <= m.MaxWidth
                        && e.Height is > 0 && e.Height <= m.MaxHeight
                        && e.RoiX1 <= e.RoiX2 && e.RoiX2 < e.Width
                        && e.RoiY1 <= e.RoiY2 && e.RoiY2 < e.Height;
                    if (!ok)
                        throw new DatasetIntegrityException($"{dir}: {StoreFormat.IndexFile} record {start + i} is inconsistent ({e})");
                    expectedOffset += e.Bytes;
                }
            }
            if (expectedOffset != imagesSize)
                throw new DatasetIntegrityException(
                    $"{dir}: the index covers {expectedOffset} bytes but {StoreFormat.ImagesFile} is {imagesSize}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
