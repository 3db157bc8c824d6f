using System.Text.Json;
using Grader.Datasets.Imaging;
using Grader.Datasets.Preprocessing;

namespace Grader.Datasets.Tests;

/// <summary>
/// Each resize method against the library a student's pipeline used (Fixtures/make_resize_fixture.py:
/// Pillow 9.4 through torchvision's Resize, PyTorch 1.13's F.interpolate) on images of GTSRB's
/// range of sizes, up and down, square and not: within one level of 255 everywhere.
/// </summary>
public class ResizeMethodTests
{
    private sealed record Case(int Channels, int InH, int InW, int OutH, int OutW, byte[] Input, Dictionary<string, float[]> Expected);

    private static readonly Lazy<List<Case>> Cases = new(() =>
    {
        var blob = File.ReadAllBytes(Fixtures.Local("resize_methods.bin"));
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Local("resize_methods.json")));
        var methods = doc.RootElement.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToList();
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c =>
        {
            int ch = c.GetProperty("channels").GetInt32(), ih = c.GetProperty("in_h").GetInt32(), iw = c.GetProperty("in_w").GetInt32();
            int oh = c.GetProperty("out_h").GetInt32(), ow = c.GetProperty("out_w").GetInt32(), n = ch * oh * ow;
            var expected = methods.ToDictionary(m => m, m =>
            {
                int at = c.GetProperty(m).GetInt32();
                return m.StartsWith("pil-", StringComparison.Ordinal)
                    ? blob.AsSpan(at, n).ToArray().Select(b => b / 255f).ToArray()
                    : Enumerable.Range(0, n).Select(i => BitConverter.ToSingle(blob, at + 4 * i)).ToArray();
            });
            return new Case(ch, ih, iw, oh, ow, blob.AsSpan(c.GetProperty("input").GetInt32(), ch * ih * iw).ToArray(), expected);
        }).ToList();
    });

    public static TheoryData<string, int> Methods()
    {
        var data = new TheoryData<string, int>();
        foreach (var method in ResizeInterpolations.All)
            for (int i = 0; i < 9; i++)
                data.Add(method, i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Each_method_is_within_one_level_of_its_library(string method, int caseIndex)
    {
        var c = Cases.Value[caseIndex];
        var plan = new PreprocessingSpec { Resize = new ImageSize(c.OutH, c.OutW), Interpolation = ResizeInterpolations.Parse(method) }
            .Resolve(c.Channels, new ImageSize(c.InH, c.InW));
        var actual = plan.Apply(new PlanarImage(c.InW, c.InH, c.Channels, c.Input));
        var expected = c.Expected[method];
        Assert.Equal(expected.Length, actual.Length);
        int off = 0;
        float worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            float d = Math.Abs(expected[i] - actual[i]);
            worst = Math.Max(worst, d);
            if (d > 1e-6f) off++;
        }
        Assert.True(worst <= 1f / 255 + 1e-6f, $"{method} {c.InH}x{c.InW} -> {c.OutH}x{c.OutW}: worst difference {worst * 255:0.###} levels");
        if (method.StartsWith("pil-", StringComparison.Ordinal))
            Assert.True(off == 0, $"{off} of {expected.Length} values differ from Pillow's");   // the fixed point is Pillow's: equal, not just close
    }

    [Fact]
    public void The_methods_differ_where_it_matters()
    {
        // 250x180 to 32x32: F.interpolate without antialiasing samples 4 of ~40 pixels per output;
        // the others average them. A network trained on one sees a different image under another.
        var c = Cases.Value[1];
        float Gap(string a, string b) => c.Expected[a].Zip(c.Expected[b], (x, y) => Math.Abs(x - y)).Max();
        Assert.True(Gap("bilinear", "pil-bilinear") > 20f / 255);
        Assert.True(Gap("bilinear-antialias", "pil-bilinear") <= 1f / 255 + 1e-6f);
    }

    [Fact]
    public void Pillow_filters_by_hand()
    {
        // 4 -> 2 (scale 2): Pillow stretches the triangle to support 2 around centres 1 and 3.
        // Output 0: pixels 0..2 at distances (x + 0.5 - 1) / 2 = -0.25, 0.25, 0.75: weights 0.75, 0.75, 0.25
        // of 1.75; (0·0.75 + 100·0.75 + 200·0.25) / 1.75 = 71.43 → 71.
        // Output 1: pixels 1..3 at -0.75, -0.25, 0.25: 0.25, 0.75, 0.75; (25 + 150 + 187.5) / 1.75 = 207.14 → 207.
        var plan = new PreprocessingSpec { Resize = new ImageSize(1, 2), ScaleToUnitRange = false }.Resolve(1, new ImageSize(1, 4));
        Assert.Equal([71f, 207f], plan.Apply(new PlanarImage(4, 1, 1, [0, 100, 200, 250])));
    }

    [Fact]
    public void A_center_crop_is_the_window_of_the_full_resize_for_every_method()
    {
        var c = Cases.Value[2];
        foreach (var method in ResizeInterpolations.All)
        {
            var spec = new PreprocessingSpec { Resize = new ImageSize(c.OutH, c.OutW), Interpolation = ResizeInterpolations.Parse(method) };
            var image = new PlanarImage(c.InW, c.InH, c.Channels, c.Input);
            var full = spec.Resolve(c.Channels, new ImageSize(c.InH, c.InW)).Apply(image);
            var crop = (spec with { CenterCrop = new ImageSize(20, 24) }).Resolve(c.Channels, new ImageSize(c.InH, c.InW)).Apply(image);
            int top = PreprocessingPlan.CenterCropOffset(c.OutH, 20), left = PreprocessingPlan.CenterCropOffset(c.OutW, 24);
            for (int ch = 0; ch < c.Channels; ch++)
                for (int y = 0; y < 20; y++)
                    for (int x = 0; x < 24; x++)
                        Assert.Equal(full[(ch * c.OutH + top + y) * c.OutW + left + x], crop[(ch * 20 + y) * 24 + x]);
        }
    }

    [Fact]
    public void Unknown_method_names_are_refused_with_the_choices() =>
        Assert.Contains("pil-bilinear, pil-bicubic, bilinear-antialias, bilinear",
            Assert.Throws<PreprocessingException>(() => ResizeInterpolations.Parse("lanczos")).Message);
}
