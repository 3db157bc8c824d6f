using System.Formats.Tar;
using System.Text;

namespace Grader.Datasets.Formats;

/// <summary>What <see cref="Cifar10Binary.ReadTestBatch"/> found.</summary>
/// <param name="Count">Records read from <c>test_batch.bin</c>.</param>
/// <param name="ClassNames">Class names from <c>batches.meta.txt</c> when the source had it, else null.</param>
/// <param name="Entries">Names of the regular-file entries of the archive (empty for a bare batch file).</param>
public sealed record Cifar10ReadResult(int Count, IReadOnlyList<string>? ClassNames, IReadOnlyList<string> Entries);

/// <summary>
/// The CIFAR-10 binary version (<c>cifar-10-binary.tar.gz</c>). The archive holds
/// <c>cifar-10-batches-bin/{data_batch_1..5,test_batch}.bin</c>, <c>batches.meta.txt</c> and
/// <c>readme.html</c>; a batch file is a sequence of 3073-byte records: 1 label byte (0..9) then
/// 3072 pixel bytes, channel-major (1024 R, 1024 G, 1024 B), each plane row-major 32x32.
/// </summary>
public static class Cifar10Binary
{
    public const int Side = 32;
    public const int ImageBytes = 3 * Side * Side;
    public const int RecordBytes = 1 + ImageBytes;
    public const string Folder = "cifar-10-batches-bin";
    public const string TestBatchName = "test_batch.bin";
    public const string MetaName = "batches.meta.txt";

    /// <summary>Called for each record: its index, the 3072 CHW pixel bytes (valid only during the call) and its label.</summary>
    public delegate void RecordHandler(int index, ReadOnlySpan<byte> chw, byte label);

    /// <summary>
    /// Streams the test batch from <paramref name="path"/>: the official <c>.tar.gz</c> (or a plain
    /// <c>.tar</c>), an extracted <c>cifar-10-batches-bin</c> folder, or a bare <c>test_batch.bin</c>.
    /// Memory stays at one record whatever the size. Validates the archive structure (the
    /// <c>cifar-10-batches-bin/test_batch.bin</c> entry exists once), the record size and the labels,
    /// and reads the class names from <c>batches.meta.txt</c> when present.
    /// </summary>
    public static Cifar10ReadResult ReadTestBatch(string path, RecordHandler onRecord, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onRecord);
        if (Directory.Exists(path))
        {
            string folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(path)) == Folder ? path : Path.Combine(path, Folder);
            string batch = Path.Combine(folder, TestBatchName);
            if (!File.Exists(batch))
                throw new DatasetFormatException($"{path}: no {Folder}/{TestBatchName} in this folder");
            string meta = Path.Combine(folder, MetaName);
            var names = File.Exists(meta) ? ParseMeta(File.ReadAllBytes(meta)) : null;
            using var fs = File.OpenRead(batch);
            int count = ReadRecords(fs, batch, onRecord, cancellationToken);
            return new Cifar10ReadResult(count, names, []);
        }
        if (!File.Exists(path))
            throw new DatasetFormatException($"{path}: file not found");
        using var stream = SourceStreams.OpenMaybeGzip(path);
        if (!LooksLikeTar(path, stream))
        {
            // A bare batch file.
            int count = ReadRecords(stream, path, onRecord, cancellationToken);
            return new Cifar10ReadResult(count, null, []);
        }
        return ReadTar(path, stream, onRecord, cancellationToken);
    }

    private static bool LooksLikeTar(string path, Stream stream)
    {
        string name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".bin", StringComparison.Ordinal))
            return false;
        return name.EndsWith(".tar.gz", StringComparison.Ordinal) || name.EndsWith(".tgz", StringComparison.Ordinal)
            || name.EndsWith(".tar", StringComparison.Ordinal) || stream is System.IO.Compression.GZipStream;
    }

    private static Cifar10ReadResult ReadTar(string path, Stream stream, RecordHandler onRecord, CancellationToken ct)
    {
        var entries = new List<string>();
        IReadOnlyList<string>? names = null;
        int? count = null;
        try
        {
            using var tar = new TarReader(stream, leaveOpen: true);
            TarEntry? entry;
            while ((entry = tar.GetNextEntry(copyData: false)) is not null)
            {
                ct.ThrowIfCancellationRequested();
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                    continue;
                string name = NormalizeEntryName(entry.Name);
                entries.Add(name);
                string[] parts = name.Split('/');
                bool inFolder = parts.Length >= 2 && parts[^2] == Folder;
                if (inFolder && parts[^1] == TestBatchName)
                {
                    if (count is not null)
                        throw new DatasetFormatException($"{path}: more than one {Folder}/{TestBatchName} entry");
                    if (entry.Length % RecordBytes != 0)
                        throw new DatasetFormatException(
                            $"{path}: {name} is {entry.Length} bytes, not a whole number of {RecordBytes}-byte records");
                    count = ReadRecords(entry.DataStream ?? Stream.Null, $"{path}!{name}", onRecord, ct);
                }
                else if (inFolder && parts[^1] == MetaName)
                {
                    if (entry.Length > 1 << 16)
                        throw new DatasetFormatException($"{path}: {name} is implausibly large ({entry.Length} bytes)");
                    using var ms = new MemoryStream();
                    entry.DataStream?.CopyTo(ms);
                    names = ParseMeta(ms.ToArray());
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new DatasetFormatException($"{path}: corrupt archive: {e.Message}", e);
        }
        if (count is null)
            throw new DatasetFormatException(
                $"{path}: no {Folder}/{TestBatchName} entry in the archive (is this cifar-10-binary.tar.gz? found {entries.Count} files)");
        return new Cifar10ReadResult(count.Value, names, entries);
    }

    private static string NormalizeEntryName(string name)
    {
        name = name.Replace('\\', '/');
        while (name.StartsWith("./", StringComparison.Ordinal))
            name = name[2..];
        return name.TrimStart('/');
    }

    /// <summary>Reads 3073-byte records until the end of <paramref name="stream"/>.</summary>
    internal static int ReadRecords(Stream stream, string source, RecordHandler onRecord, CancellationToken ct)
    {
        var record = new byte[RecordBytes];
        int index = 0;
        while (true)
        {
            if ((index & 255) == 0)
                ct.ThrowIfCancellationRequested();
            int n;
            try
            {
                n = SourceStreams.ReadFully(stream, record);
            }
            catch (InvalidDataException e)
            {
                throw new DatasetFormatException($"{source}: corrupt gzip data: {e.Message}", e);
            }
            if (n == 0)
                return index;
            if (n < RecordBytes)
                throw new DatasetFormatException(
                    $"{source}: truncated: record {index} has {n} of {RecordBytes} bytes");
            byte label = record[0];
            if (label > 9)
                throw new DatasetFormatException($"{source}: record {index} has label {label}; CIFAR-10 labels are 0..9");
            onRecord(index, record.AsSpan(1), label);
            index++;
        }
    }

    /// <summary>Parses <c>batches.meta.txt</c>: one class name per line, blank lines ignored.</summary>
    public static IReadOnlyList<string> ParseMeta(byte[] bytes) =>
        Encoding.ASCII.GetString(bytes)
            .Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0)
            .ToArray();
}
