using System.Text.Json;
using Grader.Datasets.Imaging;
using Grader.Datasets.Preprocessing;

namespace Grader.Datasets.Tests;

public class PreprocessingTests
{
    private static PlanarImage Gray(int w, int h, params byte[] px) => new(w, h, 1, px);

    [Fact]
    public void Bilinear_2x2_To_4x4_ByHand()
    {
        // [[0, 80], [160, 240]] without scaling. Per axis (in 2, out 4): scale 0.5,
        // src = 0.5 (d + 0.5) - 0.5 = -0.25 (clamped 0), 0.25, 0.75, 1.25 -> weights of pixel 1:
        // 0, 0.25, 0.75, and 1.25 clamps to pixel 1 alone. Row 0: 0, 20, 60, 80; row 3: 160, 180, 220, 240;
        // rows 1 and 2 are 0.75/0.25 and 0.25/0.75 mixes of them.
        var spec = new PreprocessingSpec { Resize = new ImageSize(4, 4), Interpolation = ResizeInterpolation.Bilinear, ScaleToUnitRange = false };
        var plan = spec.Resolve(1, new ImageSize(2, 2));
        var output = plan.Apply(Gray(2, 2, 0, 80, 160, 240));
        float[] expected =
        [
            0, 20, 60, 80,
            40, 60, 100, 120,
            120, 140, 180, 200,
            160, 180, 220, 240,
        ];
        Assert.Equal(expected, output);
    }

    [Fact]
    public void Bilinear_Downscale_4_To_2_SamplesBetweenPixels()
    {
        // in 4 -> out 2: scale 2, src = 2 (d + 0.5) - 0.5 = 0.5, 2.5: the mean of pixels (0,1) and (2,3).
        var spec = new PreprocessingSpec { Resize = new ImageSize(1, 2), Interpolation = ResizeInterpolation.Bilinear, ScaleToUnitRange = false };
        var plan = spec.Resolve(1, new ImageSize(1, 4));
        Assert.Equal(new float[] { 5, 25 }, plan.Apply(Gray(4, 1, 0, 10, 20, 30)));
    }

    public static TheoryData<int> TorchCases() => new() { 0, 1, 2, 3, 4, 5, 6 };

    [Theory]
    [MemberData(nameof(TorchCases))]
    public void Bilinear_MatchesPyTorchInterpolate(int caseIndex)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Local("bilinear_torch.json")));
        var c = doc.RootElement.GetProperty("cases")[caseIndex];
        int ch = c.GetProperty("channels").GetInt32();
        int ih = c.GetProperty("in_h").GetInt32(), iw = c.GetProperty("in_w").GetInt32();
        int oh = c.GetProperty("out_h").GetInt32(), ow = c.GetProperty("out_w").GetInt32();
        var input = c.GetProperty("input_u8").EnumerateArray().Select(e => (byte)e.GetInt32()).ToArray();
        var expected = c.GetProperty("output").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();

        var plan = new PreprocessingSpec { Resize = new ImageSize(oh, ow), Interpolation = ResizeInterpolation.Bilinear }.Resolve(ch, new ImageSize(ih, iw));
        var actual = plan.Apply(new PlanarImage(iw, ih, ch, input));

        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (ch > 1)
                // PyTorch's NCHW kernel: bit for bit.
                Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                    $"element {i}: torch {expected[i]:R}, ours {actual[i]:R}");
            else
                // One channel: PyTorch's channels-last kernel orders the sum differently; at most 1 ulp apart.
                Assert.True(Math.Abs(BitConverter.SingleToInt32Bits(expected[i]) - BitConverter.SingleToInt32Bits(actual[i])) <= 1
                    && Math.Abs(expected[i] - actual[i]) <= 1e-6f, $"element {i}: torch {expected[i]:R}, ours {actual[i]:R}");
        }
    }

    [Fact]
    public void ScaleAndNormalize_ByHand()
    {
        // (u8 / 255 - 0.5) / 0.25: 0 -> -2, 51 -> (0.2 - 0.5) / 0.25 = -1.2, 255 -> 2.
        var spec = new PreprocessingSpec { Mean = [0.5f], Std = [0.25f] };
        var output = spec.Resolve(1, new ImageSize(1, 3)).Apply(Gray(3, 1, 0, 51, 255));
        Assert.Equal(-2f, output[0]);
        Assert.Equal(-1.2f, output[1], 1e-6f);
        Assert.Equal(2f, output[2]);
        // The documented float32 formula, bit for bit.
        Assert.Equal((51f / 255f - 0.5f) / 0.25f, output[1]);
    }

    [Fact]
    public void PerChannelNormalization_AndBgrOrder()
    {
        // One pixel, R=255, G=0, B=51; mean/std per output channel.
        var img = new PlanarImage(1, 1, 3, [255, 0, 51]);
        var rgb = new PreprocessingSpec { Mean = [0.5f, 0.5f, 0.0f], Std = [0.5f, 0.25f, 0.1f] }.Resolve(3, new ImageSize(1, 1)).Apply(img);
        Assert.Equal(1f, rgb[0]);
        Assert.Equal(-2f, rgb[1]);
        Assert.Equal(2f, rgb[2], 1e-6f);

        var bgr = new PreprocessingSpec { ChannelOrder = ChannelOrder.Bgr, ScaleToUnitRange = false }.Resolve(3, new ImageSize(1, 1)).Apply(img);
        Assert.Equal(new float[] { 51, 0, 255 }, bgr);
    }

    [Fact]
    public void GrayscaleIsReplicatedToThreeChannels()
    {
        var spec = new PreprocessingSpec { Channels = 3, Mean = [0f, 1f, 2f], Std = [1f, 1f, 1f], ScaleToUnitRange = false };
        var plan = spec.Resolve(1, new ImageSize(1, 2));
        Assert.Equal(new[] { 3, 1, 2 }, plan.InputShape);
        Assert.Equal(new float[] { 7, 9, 6, 8, 5, 7 }, plan.Apply(Gray(2, 1, 7, 9)));
    }

    [Theory]
    [InlineData(5, 3, 1)]
    [InlineData(4, 2, 1)]
    [InlineData(33, 32, 0)] // (33 - 32) / 2 = 0.5 rounds to even: 0
    [InlineData(35, 32, 2)] // 1.5 -> 2
    [InlineData(32, 32, 0)]
    public void CenterCropOffset_IsTorchvisions(int size, int crop, int expected) =>
        Assert.Equal(expected, PreprocessingPlan.CenterCropOffset(size, crop));

    [Fact]
    public void CenterCrop_TakesTheMiddle()
    {
        // 5x5 image with value 10 y + x: a 3x3 crop starts at (1, 1).
        var px = new byte[25];
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 5; x++)
                px[y * 5 + x] = (byte)(10 * y + x);
        var plan = new PreprocessingSpec { CenterCrop = new ImageSize(3, 3), ScaleToUnitRange = false }.Resolve(1, new ImageSize(5, 5));
        Assert.Equal(new float[] { 11, 12, 13, 21, 22, 23, 31, 32, 33 }, plan.Apply(Gray(5, 5, px)));
    }

    [Fact]
    public void ResizeThenCenterCrop_EqualsTheWindowOfTheFullResize()
    {
        var px = Enumerable.Range(0, 12).Select(i => (byte)(i * 20)).ToArray(); // 4 wide, 3 high
        var full = new PreprocessingSpec { Resize = new ImageSize(7, 9) }.Resolve(1, new ImageSize(3, 4)).Apply(Gray(4, 3, px));
        var cropped = new PreprocessingSpec { Resize = new ImageSize(7, 9), CenterCrop = new ImageSize(4, 4) }
            .Resolve(1, new ImageSize(3, 4)).Apply(Gray(4, 3, px));
        // top = round(1.5) = 2, left = round(2.5) = 2 (half to even).
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++)
                Assert.Equal(full[(y + 2) * 9 + x + 2], cropped[y * 4 + x]);
    }

    [Fact]
    public void CropToRoi_UsesTheInclusiveRegion()
    {
        var px = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }; // 3x3
        var plan = new PreprocessingSpec { CropToRoi = true, Resize = new ImageSize(2, 2), ScaleToUnitRange = false }
            .Resolve(1, null, sourceHasRoi: true);
        var output = new float[4];
        plan.Apply(px, new Storage.ImageInfo(3, 3, 1, 1, 1, 2, 2), output, new PreprocessingScratch());
        Assert.Equal(new float[] { 5, 6, 8, 9 }, output);
    }

    [Fact]
    public void SubmissionChoices_WithinTheRubric()
    {
        var spec = new PreprocessingSpec
        {
            Resize = new ImageSize(32, 32),
            Mean = [0.5f],
            Std = [0.5f],
            AllowSubmissionNormalization = true,
            AllowedInputSizes = [new ImageSize(48, 48), new ImageSize(64, 64)],
        };
        var plan = spec.Resolve(3, null, false, new SubmissionPreprocessing
        {
            Mean = [0.485f, 0.456f, 0.406f],
            Std = [0.229f, 0.224f, 0.225f],
            InputSize = new ImageSize(64, 64),
        });
        Assert.Equal(new[] { 3, 64, 64 }, plan.InputShape);
        Assert.Equal(new[] { 0.485f, 0.456f, 0.406f }, plan.Mean);
        // The rubric's own size is always allowed.
        Assert.Equal(new[] { 3, 32, 32 }, spec.Resolve(3, null, false, new SubmissionPreprocessing { InputSize = new ImageSize(32, 32) }).InputShape);
        // With a center crop, the chosen size replaces the crop.
        var cropSpec = spec with { Resize = new ImageSize(72, 72), CenterCrop = new ImageSize(64, 64) };
        var cropPlan = cropSpec.Resolve(3, null, false, new SubmissionPreprocessing { InputSize = new ImageSize(48, 48) });
        Assert.Equal(new ImageSize(48, 48), cropPlan.CenterCrop);
        Assert.Equal(new ImageSize(72, 72), cropPlan.Resize);
    }

    [Fact]
    public void SubmissionChoices_OutsideTheRubric_AreRefused()
    {
        var spec = new PreprocessingSpec { Resize = new ImageSize(32, 32), AllowedInputSizes = [new ImageSize(64, 64)] };
        var e = Assert.Throws<PreprocessingException>(() =>
            spec.Resolve(3, null, false, new SubmissionPreprocessing { Mean = [0.5f], Std = [0.5f] }));
        Assert.Contains("does not let a submission choose its own mean/std", e.Message);
        e = Assert.Throws<PreprocessingException>(() =>
            spec.Resolve(3, null, false, new SubmissionPreprocessing { InputSize = new ImageSize(40, 40) }));
        Assert.Contains("40x40 is not allowed by the rubric (allowed: 32x32, 64x64)", e.Message);
    }

    [Theory]
    [InlineData(new[] { 0.5f }, null, "mean without std")]
    [InlineData(new[] { 0.5f, 0.5f }, new[] { 0.5f, 0.5f }, "2 mean/std values for 3 channels")]
    [InlineData(new[] { 0.5f }, new[] { 0f }, "std that is not a positive")]
    [InlineData(new[] { float.NaN }, new[] { 1f }, "mean that is not a finite")]
    public void BadNormalization_IsRefused(float[]? mean, float[]? std, string message)
    {
        var spec = new PreprocessingSpec { Mean = mean, Std = std, Channels = 3 };
        var e = Assert.Throws<PreprocessingException>(() => spec.Resolve(3, new ImageSize(8, 8)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void GeometryErrors_AreRefused()
    {
        Assert.Contains("vary in size", Assert.Throws<PreprocessingException>(() => PreprocessingSpec.Default.Resolve(3, null)).Message);
        Assert.Contains("larger than the resize", Assert.Throws<PreprocessingException>(() =>
            new PreprocessingSpec { Resize = new ImageSize(8, 8), CenterCrop = new ImageSize(9, 8) }.Validate()).Message);
        Assert.Contains("larger than the image", Assert.Throws<PreprocessingException>(() =>
            new PreprocessingSpec { CenterCrop = new ImageSize(30, 30) }.Resolve(1, new ImageSize(28, 28))).Message);
        Assert.Contains("converting it to one channel", Assert.Throws<PreprocessingException>(() =>
            new PreprocessingSpec { Channels = 1 }.Resolve(3, new ImageSize(8, 8))).Message);
        Assert.Contains("no regions of interest", Assert.Throws<PreprocessingException>(() =>
            new PreprocessingSpec { CropToRoi = true, Resize = new ImageSize(8, 8) }.Resolve(3, new ImageSize(32, 32))).Message);
        Assert.Throws<PreprocessingException>(() => new PreprocessingSpec { Resize = new ImageSize(0, 8) }.Validate());
    }

    [Theory]
    [InlineData("32x32", 32, 32)]
    [InlineData("224", 224, 224)]
    [InlineData(" 28X14 ", 28, 14)]
    public void ImageSize_Parses(string text, int h, int w) => Assert.Equal(new ImageSize(h, w), ImageSize.Parse(text));

    [Theory]
    [InlineData("32x")]
    [InlineData("0x4")]
    [InlineData("-3x3")]
    [InlineData("99999x1")]
    public void ImageSize_RejectsGarbage(string text) => Assert.Throws<PreprocessingException>(() => ImageSize.Parse(text));

    [Fact]
    public void PlanDescribesItself()
    {
        var plan = new PreprocessingSpec { Resize = new ImageSize(32, 32), Mean = [0.5f], Std = [0.25f] }.Resolve(3, null);
        Assert.Equal("resize 32x32 pil-bilinear, scale 1/255, normalize mean [0.5, 0.5, 0.5] std [0.25, 0.25, 0.25], -> float32 3x32x32",
            plan.ToString());
    }
}
