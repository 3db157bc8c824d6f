using System.Globalization;
using System.IO.Compression;
using Grader.Datasets.Imaging;

namespace Grader.Datasets.Formats;

/// <summary>One row of <c>GT-final_test.csv</c>. ROI corners are inclusive pixel coordinates.</summary>
public sealed record GtsrbAnnotation(
    string Filename, int Width, int Height, int RoiX1, int RoiY1, int RoiX2, int RoiY2, int ClassId);

/// <summary>
/// The official GTSRB final test set: <c>GTSRB_Final_Test_Images.zip</c> (PPM images in
/// <c>GTSRB/Final_Test/Images/NNNNN.ppm</c>) and the ground truth <c>GTSRB_Final_Test_GT.zip</c>
/// (<c>GT-final_test.csv</c>, <c>;</c>-separated with header
/// <c>Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId</c>). The ground truth may also be
/// given as the extracted CSV file. Images are read one at a time, in CSV order.
/// </summary>
public sealed class GtsrbTestArchive : IDisposable
{
    public const int ClassCount = 43;
    public const string GroundTruthName = "GT-final_test.csv";
    public const string ImagesFolder = "Final_Test/Images/";
    /// <summary>Largest accepted PPM entry; GTSRB images are at most a few hundred pixels a side.</summary>
    public const long MaxImageEntryBytes = 64L << 20;
    private static readonly string[] ExpectedHeader = ["Filename", "Width", "Height", "Roi.X1", "Roi.Y1", "Roi.X2", "Roi.Y2", "ClassId"];

    private readonly ZipArchive _images;
    private readonly string _imagesPath;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;
    private readonly PpmLimits _limits;

    private GtsrbTestArchive(ZipArchive images, string imagesPath, Dictionary<string, ZipArchiveEntry> entries,
        IReadOnlyList<GtsrbAnnotation> annotations, PpmLimits limits)
    {
        _images = images;
        _imagesPath = imagesPath;
        _entries = entries;
        Annotations = annotations;
        _limits = limits;
    }

    /// <summary>The ground-truth rows, in file order.</summary>
    public IReadOnlyList<GtsrbAnnotation> Annotations { get; }

    /// <summary>Number of PPM images in the images archive.</summary>
    public int ImageEntryCount => _entries.Count;

    /// <summary>
    /// Opens the test set from the given files, in any order: the images zip, and the ground truth
    /// as <c>GTSRB_Final_Test_GT.zip</c> or <c>GT-final_test.csv</c>. Checks that every CSV row
    /// names a distinct PPM present in the images archive and vice versa, that class ids are 0..42
    /// and ROIs lie inside the declared sizes.
    /// </summary>
    public static GtsrbTestArchive Open(IReadOnlyList<string> paths, PpmLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ZipArchive? images = null;
        string? imagesPath = null;
        IReadOnlyList<GtsrbAnnotation>? annotations = null;
        try
        {
            foreach (var path in paths)
            {
                if (!File.Exists(path))
                    throw new DatasetFormatException($"{path}: file not found");
                if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                {
                    SetOnce(ref annotations, ParseGroundTruthFile(path), path);
                    continue;
                }
                ZipArchive zip;
                try
                {
                    zip = ZipFile.OpenRead(path);
                }
                catch (InvalidDataException e)
                {
                    throw new DatasetFormatException($"{path}: not a zip archive: {e.Message}", e);
                }
                var gt = zip.Entries.FirstOrDefault(e => e.Name.Equals(GroundTruthName, StringComparison.OrdinalIgnoreCase));
                if (gt is not null)
                {
                    using (zip)
                    {
                        if (gt.Length > 16L << 20)
                            throw new DatasetFormatException($"{path}: {gt.FullName} is implausibly large ({gt.Length} bytes)");
                        using var reader = new StreamReader(gt.Open());
                        SetOnce(ref annotations, ParseGroundTruth(reader, $"{path}!{gt.FullName}"), path);
                    }
                }
                else if (zip.Entries.Any(IsImageEntry))
                {
                    if (images is not null)
                    {
                        zip.Dispose();
                        throw new DatasetFormatException($"{path}: a second GTSRB images archive (the first was {imagesPath})");
                    }
                    images = zip;
                    imagesPath = path;
                }
                else
                {
                    zip.Dispose();
                    throw new DatasetFormatException(
                        $"{path}: neither GTSRB_Final_Test_Images.zip (no GTSRB/{ImagesFolder}*.ppm) nor GTSRB_Final_Test_GT.zip (no {GroundTruthName})");
                }
            }
            if (images is null || imagesPath is null)
                throw new DatasetFormatException("GTSRB: the images archive GTSRB_Final_Test_Images.zip was not given");
            if (annotations is null)
                throw new DatasetFormatException($"GTSRB: the ground truth ({GroundTruthName} or GTSRB_Final_Test_GT.zip) was not given");

            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            foreach (var e in images.Entries.Where(IsImageEntry))
            {
                if (!entries.TryAdd(e.Name, e))
                    throw new DatasetFormatException($"{imagesPath}: duplicate image {e.Name}");
            }
            foreach (var a in annotations)
            {
                if (!entries.ContainsKey(a.Filename))
                    throw new DatasetFormatException($"{imagesPath}: {GroundTruthName} lists {a.Filename}, which is not in GTSRB/{ImagesFolder}");
            }
            if (entries.Count != annotations.Count)
            {
                var listed = annotations.Select(a => a.Filename).ToHashSet(StringComparer.Ordinal);
                var extra = entries.Keys.Where(k => !listed.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).Take(3);
                throw new DatasetFormatException(
                    $"{imagesPath}: {entries.Count} images but {annotations.Count} ground-truth rows (not listed: {string.Join(", ", extra)})");
            }
            var result = new GtsrbTestArchive(images, imagesPath, entries, annotations, limits ?? PpmLimits.Default);
            images = null;
            return result;
        }
        finally
        {
            images?.Dispose();
        }
    }

    private static void SetOnce(ref IReadOnlyList<GtsrbAnnotation>? slot, IReadOnlyList<GtsrbAnnotation> value, string path)
    {
        if (slot is not null)
            throw new DatasetFormatException($"{path}: the GTSRB ground truth was given twice");
        slot = value;
    }

    private static bool IsImageEntry(ZipArchiveEntry e)
    {
        string full = e.FullName.Replace('\\', '/');
        return full.EndsWith(".ppm", StringComparison.OrdinalIgnoreCase)
            && full.Contains(ImagesFolder, StringComparison.Ordinal)
            && full.LastIndexOf('/') == full.IndexOf(ImagesFolder, StringComparison.Ordinal) + ImagesFolder.Length - 1;
    }

    public static IReadOnlyList<GtsrbAnnotation> ParseGroundTruthFile(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > 16L << 20)
            throw new DatasetFormatException($"{path}: implausibly large ground-truth file ({info.Length} bytes)");
        using var reader = new StreamReader(path);
        return ParseGroundTruth(reader, path);
    }

    /// <summary>Parses <c>GT-final_test.csv</c>; errors name the line.</summary>
    public static IReadOnlyList<GtsrbAnnotation> ParseGroundTruth(TextReader reader, string source)
    {
        string? header = reader.ReadLine();
        if (header is null)
            throw new DatasetFormatException($"{source}: empty ground-truth file");
        var columns = header.TrimStart('\uFEFF').Split(';').Select(c => c.Trim()).ToArray();
        if (!columns.SequenceEqual(ExpectedHeader, StringComparer.OrdinalIgnoreCase))
            throw new DatasetFormatException(
                $"{source}: unexpected header '{header}'; expected '{string.Join(';', ExpectedHeader)}'" +
                (columns.Length == 7 ? " (GT-final_test.test.csv from the images archive has no ClassId: use GTSRB_Final_Test_GT.zip)" : ""));
        var rows = new List<GtsrbAnnotation>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int lineNo = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Trim().Length == 0)
                continue;
            var f = line.Split(';');
            if (f.Length != 8)
                throw new DatasetFormatException($"{source}:{lineNo}: {f.Length} fields, expected 8");
            string name = f[0].Trim();
            if (name.Length == 0 || name.Contains('/') || name.Contains('\\') || !name.EndsWith(".ppm", StringComparison.OrdinalIgnoreCase))
                throw new DatasetFormatException($"{source}:{lineNo}: bad file name '{name}'");
            var v = new int[7];
            for (int i = 0; i < 7; i++)
            {
                if (!int.TryParse(f[i + 1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out v[i]))
                    throw new DatasetFormatException($"{source}:{lineNo}: {ExpectedHeader[i + 1]} '{f[i + 1]}' is not a non-negative integer");
            }
            var a = new GtsrbAnnotation(name, v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
            if (a.Width is < 1 or > 8192 || a.Height is < 1 or > 8192)
                throw new DatasetFormatException($"{source}:{lineNo}: implausible size {a.Width}x{a.Height}");
            if (a.RoiX1 > a.RoiX2 || a.RoiY1 > a.RoiY2 || a.RoiX2 >= a.Width || a.RoiY2 >= a.Height)
                throw new DatasetFormatException(
                    $"{source}:{lineNo}: ROI ({a.RoiX1},{a.RoiY1})-({a.RoiX2},{a.RoiY2}) is not inside the {a.Width}x{a.Height} image");
            if (a.ClassId >= ClassCount)
                throw new DatasetFormatException($"{source}:{lineNo}: ClassId {a.ClassId} is outside 0..{ClassCount - 1}");
            if (!seen.Add(name))
                throw new DatasetFormatException($"{source}:{lineNo}: {name} listed twice");
            rows.Add(a);
        }
        if (rows.Count == 0)
            throw new DatasetFormatException($"{source}: no ground-truth rows");
        return rows;
    }

    /// <summary>
    /// Reads and decodes the image of <paramref name="annotation"/> into planar RGB; the PPM's size
    /// must match the ground truth. Not thread-safe (zip entries share one file stream).
    /// </summary>
    public PlanarImage ReadImage(GtsrbAnnotation annotation, byte[]? scratch = null)
    {
        var entry = _entries[annotation.Filename];
        string source = $"{_imagesPath}!{entry.FullName}";
        if (entry.Length > MaxImageEntryBytes)
            throw new DatasetFormatException($"{source}: implausibly large image entry ({entry.Length} bytes)");
        int length = (int)entry.Length;
        var buffer = scratch is not null && scratch.Length >= length ? scratch : new byte[length];
        try
        {
            using var s = entry.Open();
            if (SourceStreams.ReadFully(s, buffer.AsSpan(0, length)) != length)
                throw new DatasetFormatException($"{source}: truncated zip entry");
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException($"{source}: corrupt zip entry: {e.Message}", e);
        }
        var data = buffer.AsSpan(0, length);
        var header = PpmDecoder.ReadHeader(data, source, _limits);
        if (header.Width != annotation.Width || header.Height != annotation.Height)
            throw new DatasetFormatException(
                $"{source}: image is {header.Width}x{header.Height} but {GroundTruthName} says {annotation.Width}x{annotation.Height}");
        var pixels = new byte[3 * header.Width * header.Height];
        PpmDecoder.DecodePlanar(data, header, pixels, source);
        return new PlanarImage(header.Width, header.Height, 3, pixels);
    }

    public void Dispose() => _images.Dispose();
}
