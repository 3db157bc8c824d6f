using System.Text;
using Grader.Datasets.Imaging;

namespace Grader.Datasets.Tests;

public class PpmDecoderTests
{
    private static byte[] Bytes(string header, params byte[] raster) => [.. Encoding.ASCII.GetBytes(header), .. raster];

    [Fact]
    public void DecodesBinaryP6_ToPlanarRgb()
    {
        // 2x2: (255,0,0) (0,255,0) / (0,0,255) (10,20,30)
        var data = Bytes("P6\n2 2\n255\n", 255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30);
        var img = PpmDecoder.Decode(data);
        Assert.Equal(2, img.Width);
        Assert.Equal(2, img.Height);
        Assert.Equal(3, img.Channels);
        Assert.Equal(new byte[] { 255, 0, 0, 10, /* G */ 0, 255, 0, 20, /* B */ 0, 0, 255, 30 }, img.Pixels);
    }

    [Fact]
    public void HeaderComments_AndVariousWhitespace_AreAccepted()
    {
        var data = Bytes("P6 # made by hand\n# another comment\n 1\t1\r\n# maxval next\n255\n", 1, 2, 3);
        var img = PpmDecoder.Decode(data);
        Assert.Equal(new byte[] { 1, 2, 3 }, img.Pixels);
    }

    [Fact]
    public void RasterMayStartWithAWhitespaceByte()
    {
        // The single whitespace after maxval ends the header; the raster's first byte is 0x0A (a newline value).
        var data = Bytes("P6\n1 1\n255\n", 10, 32, 9);
        Assert.Equal(new byte[] { 10, 32, 9 }, PpmDecoder.Decode(data).Pixels);
    }

    [Fact]
    public void DecodesAsciiP3()
    {
        var data = Encoding.ASCII.GetBytes("P3\n2 1\n255\n255 0 7\n  1 2 3\n");
        Assert.Equal(new byte[] { 255, 1, 0, 2, 7, 3 }, PpmDecoder.Decode(data).Pixels);
    }

    [Fact]
    public void MaxvalOtherThan255_IsRescaledWithRounding()
    {
        // maxval 15: v * 255 / 15 = 17 v exactly; maxval 2: 0 -> 0, 1 -> (255 + 1) / 2 = 128, 2 -> 255.
        Assert.Equal(new byte[] { 0, 17 * 7, 255 }, PpmDecoder.Decode(Bytes("P6 1 1 15\n", 0, 7, 15)).Pixels);
        Assert.Equal(new byte[] { 0, 128, 255 }, PpmDecoder.Decode(Bytes("P6 1 1 2\n", 0, 1, 2)).Pixels);
    }

    [Fact]
    public void SixteenBitSamples_AreBigEndianAndRescaled()
    {
        // maxval 65535: 0xFFFF -> 255, 0x0000 -> 0, 0x8080 = 32896 -> (32896 * 255 + 32767) / 65535 = 128.
        var data = Bytes("P6 1 1 65535\n", 0xFF, 0xFF, 0x00, 0x00, 0x80, 0x80);
        Assert.Equal(new byte[] { 255, 0, 128 }, PpmDecoder.Decode(data).Pixels);
    }

    [Theory]
    [InlineData("P5\n1 1\n255\n", "not a colour PPM")]
    [InlineData("GIF89a", "no 'P6'/'P3' magic")]
    [InlineData("P6\n-1 1\n255\n", "expected a decimal number")]
    [InlineData("P6\n1x 1\n255\n", "unexpected character")]
    [InlineData("P6\n1 1\n0\n", "maxval 0")]
    [InlineData("P6\n1 1\n70000\n", "maxval 70000")]
    [InlineData("P6\n0 5\n255\n", "empty image")]
    [InlineData("P6\n99999999999 1\n255\n", "number too large")]
    [InlineData("P6\n100000 100000\n255\n", "implausible image size")]
    [InlineData("P61 1\n255\n", "missing whitespace")]
    public void BadHeaders_AreRejectedWithClearErrors(string header, string message)
    {
        var e = Assert.Throws<DatasetFormatException>(() => PpmDecoder.Decode(Bytes(header, 1, 2, 3), "x.ppm"));
        Assert.Contains(message, e.Message);
        Assert.StartsWith("x.ppm:", e.Message);
    }

    [Theory]
    [InlineData("P6\n1\n", "truncated header (no height)")]
    [InlineData("P6\n1 1\n255", "truncated header (no whitespace after the maxval)")]
    [InlineData("P6", "truncated header (no width)")]
    public void TruncatedHeaders_AreRejected(string header, string message)
    {
        var e = Assert.Throws<DatasetFormatException>(() => PpmDecoder.Decode(Encoding.ASCII.GetBytes(header)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void TruncatedRaster_IsRejected()
    {
        var e = Assert.Throws<DatasetFormatException>(() => PpmDecoder.Decode(Bytes("P6\n2 2\n255\n", 1, 2, 3, 4, 5)));
        Assert.Contains("truncated raster", e.Message);
        Assert.Contains("needs 12 bytes, the file has 5", e.Message);
    }

    [Fact]
    public void SampleAboveMaxval_IsRejected()
    {
        var e = Assert.Throws<DatasetFormatException>(() => PpmDecoder.Decode(Bytes("P6 1 1 100\n", 1, 200, 3)));
        Assert.Contains("exceeds maxval", e.Message);
        Assert.Throws<DatasetFormatException>(() => PpmDecoder.Decode(Encoding.ASCII.GetBytes("P3 1 1 255\n1 2\n")));
    }

    [Fact]
    public void Limits_AreConfigurable()
    {
        var data = Bytes("P6\n3 1\n255\n", new byte[9]);
        var e = Assert.Throws<DatasetFormatException>(() => PpmDecoder.Decode(data, "x", new PpmLimits(MaxSide: 2)));
        Assert.Contains("implausible", e.Message);
    }
}
