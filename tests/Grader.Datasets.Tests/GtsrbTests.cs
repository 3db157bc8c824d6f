using System.Text;
using Grader.Datasets.Formats;
using Grader.Datasets.Storage;

namespace Grader.Datasets.Tests;

public class GtsrbTests
{
    private static readonly ImportOptions Four = new() { ExpectedCount = 4 };

    [Fact]
    public void ParsesGroundTruthCsv()
    {
        var rows = GtsrbTestArchive.ParseGroundTruth(new StringReader(
            "Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId\r\n00000.ppm;53;54;6;5;48;49;16\r\n00001.ppm;42;45;5;5;36;40;1\r\n\r\n"), "gt");
        Assert.Equal(2, rows.Count);
        Assert.Equal(new GtsrbAnnotation("00000.ppm", 53, 54, 6, 5, 48, 49, 16), rows[0]);
        Assert.Equal(1, rows[1].ClassId);
    }

    [Theory]
    [InlineData("Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2\n00000.ppm;5;5;0;0;4;4\n", "has no ClassId")]
    [InlineData("Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId\n00000.ppm;5;5;0;0;4;4;43\n", "ClassId 43 is outside 0..42")]
    [InlineData("Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId\n00000.ppm;5;5;0;0;5;4;1\n", "ROI")]
    [InlineData("Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId\n00000.ppm;5;x;0;0;4;4;1\n", "gt:2: Height 'x'")]
    [InlineData("Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId\n00000.ppm;5;5;0;0;4;4\n", "7 fields")]
    [InlineData("Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId\n../a.ppm;5;5;0;0;4;4;1\n", "bad file name")]
    [InlineData("Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId\na.ppm;5;5;0;0;4;4;1\na.ppm;5;5;0;0;4;4;1\n", "listed twice")]
    [InlineData("Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId\n", "no ground-truth rows")]
    public void BadGroundTruth_IsRejected(string csv, string message)
    {
        var e = Assert.Throws<DatasetFormatException>(() => GtsrbTestArchive.ParseGroundTruth(new StringReader(csv), "gt"));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Import_Open_RoundTrip()
    {
        using var dir = new TempDir();
        var (images, gt) = Synthetic.GtsrbZips(dir.Path);
        string data = dir.File("data");

        // Archives in either order.
        var manifest = DatasetImporter.Import("gtsrb", [gt, images], data, Four);
        Assert.Equal("gtsrb", manifest.Name);
        Assert.Null(manifest.ImageShape);
        Assert.True(manifest.HasRoi);
        Assert.Equal(43, manifest.ClassCount);
        Assert.Equal(7, manifest.MaxWidth);
        Assert.Equal(6, manifest.MaxHeight);
        // 3 * (5*4 + 3*6 + 7*5 + 4*4) = 267 bytes of pixels, 4 index records.
        Assert.Equal(267, manifest.Files[StoreFormat.ImagesFile].Size);
        Assert.Equal(4 * 24, manifest.Files[StoreFormat.IndexFile].Size);
        Assert.Equal(2, manifest.Sources.Count);
        Assert.Contains("\"imageShape\": \"variable\"", File.ReadAllText(Path.Combine(data, "gtsrb", "manifest.json")));

        using var reader = DatasetStore.Open(data, "gtsrb", verifySha256: true);
        Assert.Equal(new byte[] { 16, 1, 38, 42 }, Enumerable.Range(0, 4).Select(reader.GetLabel));
        var info = reader.GetInfo(2);
        Assert.Equal(new ImageInfo(7, 5, 3, 1, 1, 5, 3), info);
        // Image i: R = 10 i + x, G = 100 + y, B = 200 + i.
        var img = reader.ReadImage(2);
        Assert.Equal(7, img.Width);
        Assert.Equal(5, img.Height);
        Assert.Equal(20 + 6, img[0, 4, 6]);
        Assert.Equal(100 + 4, img[1, 4, 6]);
        Assert.Equal(202, img[2, 0, 0]);
        var img3 = reader.ReadImage(3);
        Assert.Equal(30 + 3, img3[0, 0, 3]);
    }

    [Fact]
    public void GroundTruthMayBeTheExtractedCsv()
    {
        using var dir = new TempDir();
        var (images, _) = Synthetic.GtsrbZips(dir.Path);
        File.WriteAllText(dir.File("GT-final_test.csv"), Synthetic.GtCsv(Synthetic.GtsrbImages));
        var m = DatasetImporter.Import("gtsrb", [images, dir.File("GT-final_test.csv")], dir.File("data"), Four);
        Assert.Equal(4, m.Count);
    }

    [Fact]
    public void WrongCount_IsRejected()
    {
        using var dir = new TempDir();
        var (images, gt) = Synthetic.GtsrbZips(dir.Path);
        var e = Assert.Throws<DatasetFormatException>(() => DatasetImporter.Import("gtsrb", [images, gt], dir.File("data")));
        Assert.Contains("4 test images, expected 12630", e.Message);
    }

    [Fact]
    public void SizeDisagreeingWithGroundTruth_IsRejected()
    {
        using var dir = new TempDir();
        var (images, gt) = Synthetic.GtsrbZips(dir.Path,
            ppmOverride: i => i == 1 ? Synthetic.Ppm(4, 6, new byte[72]) : null);
        var e = Assert.Throws<DatasetFormatException>(() => DatasetImporter.Import("gtsrb", [images, gt], dir.File("data"), Four));
        Assert.Contains("00001.ppm: image is 4x6 but GT-final_test.csv says 3x6", e.Message);
    }

    [Fact]
    public void CorruptPpm_IsRejectedNamingTheEntry()
    {
        using var dir = new TempDir();
        var (images, gt) = Synthetic.GtsrbZips(dir.Path,
            ppmOverride: i => i == 3 ? Encoding.ASCII.GetBytes("P6\n4 4\n255\n" + new string('x', 10)) : null);
        var e = Assert.Throws<DatasetFormatException>(() => DatasetImporter.Import("gtsrb", [images, gt], dir.File("data"), Four));
        Assert.Contains("GTSRB/Final_Test/Images/00003.ppm: truncated raster", e.Message);
    }

    [Fact]
    public void ImageMissingFromArchive_IsRejected()
    {
        using var dir = new TempDir();
        var rows = Synthetic.GtsrbImages.Append(new Synthetic.GtsrbImage(4, 4, 0, 0, 0, 3, 3)).ToArray();
        var (images, gt) = Synthetic.GtsrbZips(dir.Path, gtCsv: Synthetic.GtCsv(rows));
        var e = Assert.Throws<DatasetFormatException>(() => DatasetImporter.Import("gtsrb", [images, gt], dir.File("data"), Four));
        Assert.Contains("lists 00004.ppm, which is not in", e.Message);
    }

    [Fact]
    public void ImageWithoutGroundTruth_IsRejected()
    {
        using var dir = new TempDir();
        var (images, gt) = Synthetic.GtsrbZips(dir.Path, extraImages: 1);
        var e = Assert.Throws<DatasetFormatException>(() => DatasetImporter.Import("gtsrb", [images, gt], dir.File("data"), Four));
        Assert.Contains("5 images but 4 ground-truth rows (not listed: 00004.ppm)", e.Message);
    }

    [Fact]
    public void MissingGroundTruthArchive_IsRejected()
    {
        using var dir = new TempDir();
        var (images, _) = Synthetic.GtsrbZips(dir.Path);
        var e = Assert.Throws<DatasetFormatException>(() => DatasetImporter.Import("gtsrb", [images], dir.File("data"), Four));
        Assert.Contains("ground truth", e.Message);
    }
}
