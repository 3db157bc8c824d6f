using Grader.Datasets.Formats;
using Grader.Datasets.Imaging;
using Grader.Datasets.Storage;

namespace Grader.Datasets;

/// <summary>Options of <see cref="DatasetImporter.Import(string, IReadOnlyList{string}, string, ImportOptions, CancellationToken)"/>.</summary>
public sealed record ImportOptions
{
    /// <summary>The number of test images the archive must hold; null means the official count
    /// (CIFAR-10 10,000; GTSRB 12,630; Fashion-MNIST 10,000). Tests set it for small synthetic archives.</summary>
    public int? ExpectedCount { get; init; }

    /// <summary>Refuse archives whose checksum is not the published one of the official file
    /// (by default the comparison is only recorded in the manifest).</summary>
    public bool RequireOfficialChecksum { get; init; }

    /// <summary>Limits applied to GTSRB's PPM images.</summary>
    public PpmLimits PpmLimits { get; init; } = PpmLimits.Default;

    /// <summary>Clock for the manifest's creation time.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public static ImportOptions Default { get; } = new();
}

/// <summary>
/// Imports the official archive of a test set, which an instructor already has (nothing is
/// downloaded), into the compact internal form under <c>&lt;dataDirectory&gt;/&lt;name&gt;/</c>.
/// <list type="bullet">
/// <item><c>cifar10</c>: <c>cifar-10-binary.tar.gz</c> (or the extracted <c>cifar-10-batches-bin</c>
/// folder, or <c>test_batch.bin</c>).</item>
/// <item><c>gtsrb</c>: <c>GTSRB_Final_Test_Images.zip</c> and <c>GTSRB_Final_Test_GT.zip</c>
/// (or the extracted <c>GT-final_test.csv</c>).</item>
/// <item><c>fashion-mnist</c>, <c>mnist</c>: <c>t10k-images-idx3-ubyte.gz</c> and
/// <c>t10k-labels-idx1-ubyte.gz</c> (gzipped or not), or the folder holding them.</item>
/// </list>
/// The import streams (memory does not grow with the set), verifies structure and counts,
/// hashes the sources (SHA-256 recorded; compared with the published checksums of the official
/// files, see <see cref="OfficialSources"/>), writes into a temporary folder and only then replaces any previous import.
/// </summary>
public static class DatasetImporter
{
    public static DatasetManifest Import(string name, IReadOnlyList<string> archivePaths, string dataDirectory,
        CancellationToken cancellationToken = default) =>
        Import(name, archivePaths, dataDirectory, ImportOptions.Default, cancellationToken);

    public static DatasetManifest Import(string name, IReadOnlyList<string> archivePaths, string dataDirectory,
        ImportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archivePaths);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        ArgumentNullException.ThrowIfNull(options);
        var info = KnownDatasets.Get(name);
        if (archivePaths.Count == 0)
            throw new DatasetException($"{info.Name}: no archive given");
        int expectedCount = options.ExpectedCount ?? info.OfficialTestCount;
        if (expectedCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), "ExpectedCount must be positive");

        var sourceFiles = info.Kind == DatasetKind.Idx ? ResolveIdxFiles(archivePaths) : ResolveFiles(archivePaths);
        var sources = sourceFiles.Select(p => OfficialSources.Describe(info, p, cancellationToken)).ToList();
        if (options.RequireOfficialChecksum)
        {
            var bad = sources.FirstOrDefault(s => !s.IsOfficial);
            if (bad is not null)
                throw new DatasetIntegrityException(
                    $"{bad.File}: not the official file (official checksum: {bad.OfficialDescription}; md5 {bad.Md5})");
        }

        Directory.CreateDirectory(dataDirectory);
        string target = Path.Combine(dataDirectory, info.Name);
        string temp = Path.Combine(dataDirectory, $".{info.Name}.import-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            var content = info.Kind switch
            {
                DatasetKind.Cifar10 => ImportCifar10(info, sourceFiles, temp, expectedCount, cancellationToken),
                DatasetKind.Gtsrb => ImportGtsrb(info, sourceFiles, temp, expectedCount, options, cancellationToken),
                DatasetKind.Idx => ImportIdx(info, sourceFiles, temp, expectedCount, cancellationToken),
                _ => throw new NotSupportedException(info.Kind.ToString()),
            };
            var manifest = content with
            {
                Sources = sources,
                CreatedUtc = options.TimeProvider.GetUtcNow(),
            };
            File.WriteAllText(Path.Combine(temp, DatasetManifest.FileName), manifest.ToJson());
            cancellationToken.ThrowIfCancellationRequested();
            Replace(temp, target);
            return manifest;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void Replace(string temp, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(temp, target);
            return;
        }
        string old = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.old-{Guid.NewGuid():N}");
        Directory.Move(target, old);
        try
        {
            Directory.Move(temp, target);
        }
        catch
        {
            Directory.Move(old, target);
            throw;
        }
        TryDelete(old);
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static List<string> ResolveFiles(IReadOnlyList<string> paths)
    {
        var result = new List<string>();
        foreach (var p in paths)
        {
            if (!File.Exists(p) && !Directory.Exists(p))
                throw new DatasetFormatException($"{p}: file not found");
            result.Add(Path.GetFullPath(p));
        }
        return result;
    }

    /// <summary>Finds the test-split image and label files among files and folders.</summary>
    private static List<string> ResolveIdxFiles(IReadOnlyList<string> paths)
    {
        var candidates = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
                candidates.AddRange(Directory.GetFiles(p).Where(f => Path.GetFileName(f).StartsWith("t10k-", StringComparison.OrdinalIgnoreCase)));
            else if (File.Exists(p))
                candidates.Add(p);
            else
                throw new DatasetFormatException($"{p}: file not found");
        }
        string Pick(string kind)
        {
            var found = candidates.Where(f => Path.GetFileName(f).Contains(kind, StringComparison.OrdinalIgnoreCase)).ToList();
            if (found.Count == 0)
                throw new DatasetFormatException($"no *{kind}* file among {string.Join(", ", paths)} (expected t10k-{kind}.gz)");
            if (found.Count > 1)
                throw new DatasetFormatException($"several *{kind}* files: {string.Join(", ", found)}");
            if (Path.GetFileName(found[0]).StartsWith("train-", StringComparison.OrdinalIgnoreCase))
                throw new DatasetFormatException($"{found[0]} is the training split; import the t10k test files");
            return Path.GetFullPath(found[0]);
        }
        return [Pick("images-idx3-ubyte"), Pick("labels-idx1-ubyte")];
    }

    private static DatasetManifest Manifest(DatasetInfo info, int count, int channels, ImageShape? shape,
        int maxWidth, int maxHeight, bool hasRoi, Dictionary<string, FileDigest> files) => new()
    {
        Name = info.Name,
        FormatVersion = DatasetManifest.CurrentFormatVersion,
        Kind = info.Kind,
        Count = count,
        Classes = info.Classes,
        Channels = channels,
        ImageShape = shape,
        MaxWidth = maxWidth,
        MaxHeight = maxHeight,
        HasRoi = hasRoi,
        Files = files,
        Sources = [],
        CreatedUtc = default,
    };

    private static void CheckCount(string source, int actual, int expected)
    {
        if (actual != expected)
            throw new DatasetFormatException($"{source}: {actual} test images, expected {expected}");
    }

    private static DatasetManifest ImportCifar10(DatasetInfo info, List<string> paths, string dir, int expectedCount, CancellationToken ct)
    {
        if (paths.Count != 1)
            throw new DatasetFormatException($"cifar10: expected one archive (cifar-10-binary.tar.gz), got {paths.Count}");
        using var images = new HashingFileWriter(Path.Combine(dir, StoreFormat.ImagesFile));
        using var labels = new HashingFileWriter(Path.Combine(dir, StoreFormat.LabelsFile));
        var result = Cifar10Binary.ReadTestBatch(paths[0], (index, chw, label) =>
        {
            if (index >= expectedCount)
                throw new DatasetFormatException($"{paths[0]}: more than the expected {expectedCount} test images");
            images.Write(chw);
            labels.WriteByte(label);
        }, ct);
        CheckCount(paths[0], result.Count, expectedCount);
        if (result.ClassNames is not null && !result.ClassNames.SequenceEqual(info.Classes))
            throw new DatasetFormatException(
                $"{paths[0]}: batches.meta.txt lists [{string.Join(", ", result.ClassNames)}], not the CIFAR-10 classes");
        var files = new Dictionary<string, FileDigest>
        {
            [StoreFormat.ImagesFile] = images.Complete(),
            [StoreFormat.LabelsFile] = labels.Complete(),
        };
        return Manifest(info, result.Count, 3, new ImageShape(3, Cifar10Binary.Side, Cifar10Binary.Side),
            Cifar10Binary.Side, Cifar10Binary.Side, false, files);
    }

    private static DatasetManifest ImportIdx(DatasetInfo info, List<string> paths, string dir, int expectedCount, CancellationToken ct)
    {
        using var imageReader = IdxReader.OpenImages(paths[0]);
        using var labelReader = IdxReader.OpenLabels(paths[1]);
        CheckCount(paths[0], imageReader.Count, expectedCount);
        if (labelReader.Count != imageReader.Count)
            throw new DatasetFormatException($"{paths[1]}: {labelReader.Count} labels for {imageReader.Count} images");
        using var images = new HashingFileWriter(Path.Combine(dir, StoreFormat.ImagesFile));
        using var labels = new HashingFileWriter(Path.Combine(dir, StoreFormat.LabelsFile));
        const int chunk = 256;
        var imageBuffer = new byte[chunk * imageReader.RecordSize];
        var labelBuffer = new byte[chunk];
        int done = 0;
        while (done < imageReader.Count)
        {
            ct.ThrowIfCancellationRequested();
            int n = imageReader.ReadMany(imageBuffer);
            int m = labelReader.ReadMany(labelBuffer.AsSpan(0, n));
            if (m != n)
                throw new DatasetFormatException($"{paths[1]}: label file ended early");
            for (int i = 0; i < n; i++)
            {
                if (labelBuffer[i] >= info.ClassCount)
                    throw new DatasetFormatException($"{paths[1]}: label {labelBuffer[i]} of record {done + i} is outside 0..{info.ClassCount - 1}");
            }
            images.Write(imageBuffer.AsSpan(0, n * imageReader.RecordSize));
            labels.Write(labelBuffer.AsSpan(0, n));
            done += n;
        }
        var files = new Dictionary<string, FileDigest>
        {
            [StoreFormat.ImagesFile] = images.Complete(),
            [StoreFormat.LabelsFile] = labels.Complete(),
        };
        return Manifest(info, done, 1, new ImageShape(1, imageReader.Rows, imageReader.Columns),
            imageReader.Columns, imageReader.Rows, false, files);
    }

    private static DatasetManifest ImportGtsrb(DatasetInfo info, List<string> paths, string dir, int expectedCount,
        ImportOptions options, CancellationToken ct)
    {
        using var archive = GtsrbTestArchive.Open(paths, options.PpmLimits);
        CheckCount("GTSRB", archive.Annotations.Count, expectedCount);
        using var images = new HashingFileWriter(Path.Combine(dir, StoreFormat.ImagesFile));
        using var labels = new HashingFileWriter(Path.Combine(dir, StoreFormat.LabelsFile));
        using var index = new HashingFileWriter(Path.Combine(dir, StoreFormat.IndexFile));
        Span<byte> record = stackalloc byte[StoreFormat.IndexRecordBytes];
        var scratch = new byte[1 << 18];
        int maxWidth = 0, maxHeight = 0;
        foreach (var a in archive.Annotations)
        {
            ct.ThrowIfCancellationRequested();
            PlanarImage image = archive.ReadImage(a, scratch);
            StoreFormat.WriteIndexEntry(record, new ImageIndexEntry(
                images.Length, image.Width, image.Height, image.Channels, a.RoiX1, a.RoiY1, a.RoiX2, a.RoiY2));
            index.Write(record);
            images.Write(image.Pixels);
            labels.WriteByte((byte)a.ClassId);
            maxWidth = Math.Max(maxWidth, image.Width);
            maxHeight = Math.Max(maxHeight, image.Height);
        }
        var files = new Dictionary<string, FileDigest>
        {
            [StoreFormat.ImagesFile] = images.Complete(),
            [StoreFormat.LabelsFile] = labels.Complete(),
            [StoreFormat.IndexFile] = index.Complete(),
        };
        return Manifest(info, archive.Annotations.Count, 3, null, maxWidth, maxHeight, true, files);
    }
}
