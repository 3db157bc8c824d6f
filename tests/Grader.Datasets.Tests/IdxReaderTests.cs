using System.Text.Json;
using Grader.Datasets.Formats;

namespace Grader.Datasets.Tests;

public class IdxReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsImagesAndLabels_PlainOrGzipped(bool gzip)
    {
        using var dir = new TempDir();
        // 3 images of 2x3: image i pixel (y,x) = 10*i + 3*y + x.
        var pixels = new byte[18];
        for (int i = 0; i < 3; i++)
            for (int p = 0; p < 6; p++)
                pixels[i * 6 + p] = (byte)(10 * i + p);
        var images = Synthetic.Idx([3, 2, 3], pixels);
        var labels = Synthetic.Idx([3], [7, 0, 9]);
        File.WriteAllBytes(dir.File("img"), gzip ? Synthetic.Gzip(images) : images);
        File.WriteAllBytes(dir.File("lbl"), gzip ? Synthetic.Gzip(labels) : labels);

        using var ir = IdxReader.OpenImages(dir.File("img"));
        Assert.Equal(3, ir.Count);
        Assert.Equal(2, ir.Rows);
        Assert.Equal(3, ir.Columns);
        var buf = new byte[6];
        Assert.True(ir.ReadNext(buf));
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5 }, buf);
        Assert.True(ir.ReadNext(buf));
        Assert.Equal(new byte[] { 10, 11, 12, 13, 14, 15 }, buf);
        Assert.True(ir.ReadNext(buf));
        Assert.Equal(new byte[] { 20, 21, 22, 23, 24, 25 }, buf);
        Assert.False(ir.ReadNext(buf));

        using var lr = IdxReader.OpenLabels(dir.File("lbl"));
        var l = new byte[3];
        Assert.Equal(3, lr.ReadMany(l));
        Assert.Equal(new byte[] { 7, 0, 9 }, l);
    }

    [Fact]
    public void ImageFileOpenedAsLabels_IsRejected()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("img"), Synthetic.Idx([1, 2, 2], [1, 2, 3, 4]));
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.OpenLabels(dir.File("img")));
        Assert.Contains("0x00000803", e.Message);
        Assert.Contains("label file", e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 8, 3 }, "bad magic")]
    [InlineData(new byte[] { 0, 0, 0x0D, 3 }, "not unsigned byte")]
    [InlineData(new byte[] { 0, 0 }, "not an IDX file")]
    public void BadMagic_IsRejected(byte[] head, string message)
    {
        using var dir = new TempDir();
        byte[] rest = [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5];
        File.WriteAllBytes(dir.File("x"), head.Length < 4 ? head : [.. head, .. rest]);
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.OpenImages(dir.File("x")));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Truncated_IsRejected()
    {
        using var dir = new TempDir();
        // Header says 3 images of 2x2 but only 2.5 are there.
        File.WriteAllBytes(dir.File("x"), Synthetic.Gzip(Synthetic.Idx([3, 2, 2], new byte[10])));
        using var r = IdxReader.OpenImages(dir.File("x"));
        var buf = new byte[4];
        Assert.True(r.ReadNext(buf));
        Assert.True(r.ReadNext(buf));
        var e = Assert.Throws<DatasetFormatException>(() => r.ReadNext(buf));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void TrailingData_IsRejected()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("x"), Synthetic.Idx([2], [1, 2, 3]));
        using var r = IdxReader.OpenLabels(dir.File("x"));
        var buf = new byte[2];
        var e = Assert.Throws<DatasetFormatException>(() => r.ReadMany(buf));
        Assert.Contains("trailing data", e.Message);
    }

    [Fact]
    public void AbsurdDimensions_AreRejected()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("x"), Synthetic.Idx([1, 100_000, 28], []));
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.OpenImages(dir.File("x")));
        Assert.Contains("out of range", e.Message);
    }

    [FashionMnistFact]
    public void RealFashionMnistTestSet_MatchesPyTorchFixture()
    {
        using var ir = IdxReader.OpenImages(Path.Combine(Fixtures.FashionMnistDir, "t10k-images-idx3-ubyte.gz"));
        using var lr = IdxReader.OpenLabels(Path.Combine(Fixtures.FashionMnistDir, "t10k-labels-idx1-ubyte.gz"));
        Assert.Equal(10_000, ir.Count);
        Assert.Equal(28, ir.Rows);
        Assert.Equal(28, ir.Columns);
        Assert.Equal(10_000, lr.Count);

        var labels = new byte[10_000];
        Assert.Equal(10_000, lr.ReadMany(labels));
        var counts = new int[10];
        foreach (var l in labels)
            counts[l]++;

        using var expected = JsonDocument.Parse(File.ReadAllText(Fixtures.FashionFixture("expected.json")));
        var perClassTotal = expected.RootElement.GetProperty("per_class_total").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(perClassTotal, counts);
        var first8 = expected.RootElement.GetProperty("first8").GetProperty("labels").EnumerateArray().Select(e => (byte)e.GetInt32()).ToArray();
        Assert.Equal(first8, labels[..8]);

        // Reading every image streams to the end and checks there is nothing after the last one.
        var buf = new byte[784];
        int n = 0;
        while (ir.ReadNext(buf))
            n++;
        Assert.Equal(10_000, n);
    }
}
