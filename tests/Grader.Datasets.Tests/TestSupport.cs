using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Grader.Datasets.Tests;

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "grader-datasets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Where the repository's fixtures are, and the real Fashion-MNIST files.</summary>
public static class Fixtures
{
    public const string FashionMnistDir = "/usr/share/datasets/fashion-mnist";

    public static bool FashionMnistAvailable =>
        System.IO.File.Exists(Path.Combine(FashionMnistDir, "t10k-images-idx3-ubyte.gz"))
        && System.IO.File.Exists(Path.Combine(FashionMnistDir, "t10k-labels-idx1-ubyte.gz"));

    /// <summary>The repository root (the folder holding tests/fixtures), found upwards from the test binaries.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, "tests", "fixtures", "fashion-mnist")))
                    return dir.FullName;
            }
            throw new InvalidOperationException("tests/fixtures not found above " + AppContext.BaseDirectory);
        }
    }

    public static string FashionFixture(string name) => Path.Combine(RepoRoot, "tests", "fixtures", "fashion-mnist", name);

    public static string Local(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}

/// <summary>A fact that is reported as skipped, with the reason, when the Fashion-MNIST package is not installed.</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public FashionMnistFactAttribute()
    {
        if (!Fixtures.FashionMnistAvailable)
            Skip = $"Fashion-MNIST not installed at {Fixtures.FashionMnistDir} (Debian package dataset-fashion-mnist); CI installs it";
    }
}

/// <summary>Builders of small archives with the structure of the official ones.</summary>
public static class Synthetic
{
    /// <summary>An IDX ubyte file: magic 00 00 08 ndim, big-endian dims, data.</summary>
    public static byte[] Idx(int[] dims, byte[] data)
    {
        var ms = new MemoryStream();
        ms.Write([0, 0, 8, (byte)dims.Length]);
        Span<byte> b = stackalloc byte[4];
        foreach (var d in dims)
        {
            BinaryPrimitives.WriteInt32BigEndian(b, d);
            ms.Write(b);
        }
        ms.Write(data);
        return ms.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            gz.Write(data);
        return ms.ToArray();
    }

    /// <summary>Pixel c,y,x of synthetic CIFAR record <paramref name="i"/>: (i*31 + c*7 + y*3 + x) mod 256.</summary>
    public static byte CifarPixel(int i, int c, int y, int x) => (byte)((i * 31 + c * 7 + y * 3 + x) % 256);

    public static byte[] CifarBatch(byte[] labels)
    {
        var data = new byte[labels.Length * 3073];
        for (int i = 0; i < labels.Length; i++)
        {
            data[i * 3073] = labels[i];
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < 32; y++)
                    for (int x = 0; x < 32; x++)
                        data[i * 3073 + 1 + c * 1024 + y * 32 + x] = CifarPixel(i, c, y, x);
        }
        return data;
    }

    public const string CifarMeta = "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n";

    /// <summary>A cifar-10-binary.tar.gz with the official layout, or with the given entries.</summary>
    public static void CifarTarGz(string path, IEnumerable<(string Name, byte[] Data)> entries)
    {
        using var fs = System.IO.File.Create(path);
        using var gz = new GZipStream(fs, CompressionLevel.Fastest);
        using var tar = new TarWriter(gz, TarEntryFormat.Gnu);
        var dirEntry = new GnuTarEntry(TarEntryType.Directory, "cifar-10-batches-bin/");
        tar.WriteEntry(dirEntry);
        foreach (var (name, data) in entries)
        {
            var e = new GnuTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) };
            tar.WriteEntry(e);
        }
    }

    public static (string Name, byte[] Data)[] OfficialCifarEntries(byte[] testLabels) =>
    [
        ("cifar-10-batches-bin/data_batch_1.bin", CifarBatch([1, 2])),
        ("cifar-10-batches-bin/batches.meta.txt", Encoding.ASCII.GetBytes(CifarMeta)),
        ("cifar-10-batches-bin/test_batch.bin", CifarBatch(testLabels)),
        ("cifar-10-batches-bin/readme.html", Encoding.ASCII.GetBytes("<html></html>")),
    ];

    /// <summary>A binary PPM with the given interleaved RGB raster.</summary>
    public static byte[] Ppm(int width, int height, byte[] rgb, string header = "")
    {
        var head = Encoding.ASCII.GetBytes(header.Length > 0 ? header : $"P6\n{width} {height}\n255\n");
        return [.. head, .. rgb];
    }

    /// <summary>Interleaved RGB of synthetic GTSRB image <paramref name="i"/>: R = 10*i + x, G = 100 + y, B = 200 + i.</summary>
    public static byte[] GtsrbRgb(int i, int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int p = (y * width + x) * 3;
                rgb[p] = (byte)(10 * i + x);
                rgb[p + 1] = (byte)(100 + y);
                rgb[p + 2] = (byte)(200 + i);
            }
        return rgb;
    }

    public sealed record GtsrbImage(int Width, int Height, int ClassId, int RoiX1, int RoiY1, int RoiX2, int RoiY2);

    public static readonly GtsrbImage[] GtsrbImages =
    [
        new(5, 4, 16, 1, 1, 3, 2),
        new(3, 6, 1, 0, 0, 2, 5),
        new(7, 5, 38, 1, 1, 5, 3),
        new(4, 4, 42, 0, 1, 3, 3),
    ];

    public static string GtCsv(IReadOnlyList<GtsrbImage> images) =>
        "Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId\r\n" +
        string.Concat(images.Select((g, i) => $"{i:00000}.ppm;{g.Width};{g.Height};{g.RoiX1};{g.RoiY1};{g.RoiX2};{g.RoiY2};{g.ClassId}\r\n"));

    /// <summary>GTSRB_Final_Test_Images.zip and GTSRB_Final_Test_GT.zip with the official layout.</summary>
    public static (string Images, string Gt) GtsrbZips(string dir, IReadOnlyList<GtsrbImage>? images = null,
        string? gtCsv = null, Func<int, byte[]?>? ppmOverride = null, int extraImages = 0)
    {
        images ??= GtsrbImages;
        string imagesZip = Path.Combine(dir, "GTSRB_Final_Test_Images.zip");
        string gtZip = Path.Combine(dir, "GTSRB_Final_Test_GT.zip");
        using (var zip = ZipFile.Open(imagesZip, ZipArchiveMode.Create))
        {
            zip.CreateEntry("GTSRB/");
            zip.CreateEntry("GTSRB/Final_Test/");
            zip.CreateEntry("GTSRB/Final_Test/Images/");
            for (int i = 0; i < images.Count + extraImages; i++)
            {
                var g = images[Math.Min(i, images.Count - 1)];
                byte[] ppm = ppmOverride?.Invoke(i) ?? Ppm(g.Width, g.Height, GtsrbRgb(i, g.Width, g.Height));
                using var s = zip.CreateEntry($"GTSRB/Final_Test/Images/{i:00000}.ppm").Open();
                s.Write(ppm);
            }
            using (var w = new StreamWriter(zip.CreateEntry("GTSRB/Final_Test/Images/GT-final_test.test.csv").Open()))
                w.Write("Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2\r\n");
            using (var w = new StreamWriter(zip.CreateEntry("GTSRB/Readme-Images-Final-test.txt").Open()))
                w.Write("readme");
        }
        using (var zip = ZipFile.Open(gtZip, ZipArchiveMode.Create))
        {
            using var w = new StreamWriter(zip.CreateEntry("GT-final_test.csv").Open());
            w.Write(gtCsv ?? GtCsv(images));
        }
        return (imagesZip, gtZip);
    }
}
