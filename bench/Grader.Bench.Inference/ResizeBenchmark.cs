using System.Diagnostics;
using Grader.Datasets.Preprocessing;
using Grader.Datasets.Storage;

namespace Grader.Bench.Inference;

/// <summary>
/// <c>resize</c>: the preprocessing of a GTSRB-sized set (12,630 RGB images, 15..250 px a side,
/// seeded) to one input size with each resize method, images per second; the images are written to
/// DIR/resize-images.bin (count, then per image int32 width, height and the planar RGB bytes) for
/// bench/resize/pillow_peer.py, which resizes the same images with Pillow.
/// </summary>
public static class ResizeBenchmark
{
    public static int Run(Options options)
    {
        string work = options.String("work");
        int count = options.Int("count", 12_630), size = options.Int("size", 32), rounds = options.Int("rounds", 3);
        var methods = options.All("method") is { Count: > 0 } named ? named.ToList() : ResizeInterpolations.All.ToList();
        var images = Images(Path.Combine(work, "resize-images.bin"), count, options.Int("seed", 1));
        foreach (var method in methods)
        {
            var plan = new PreprocessingSpec { Resize = new ImageSize(size, size), Interpolation = ResizeInterpolations.Parse(method) }.Resolve(3, null);
            var scratch = new PreprocessingScratch();
            var output = new float[plan.ImageFloats];
            double best = double.MaxValue;
            for (int round = 0; round < rounds; round++)
            {
                var clock = Stopwatch.StartNew();
                foreach (var (w, h, pixels) in images)
                    plan.Apply(pixels, new ImageInfo(w, h, 3, 0, 0, w - 1, h - 1), output, scratch);
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }
            JsonLine.Write(new { Mode = "resize", Engine = "grader", Method = method, Size = size, Images = images.Count,
                BestSeconds = Math.Round(best, 4), ImagesPerS = JsonLine.Round1(images.Count / best) });
        }
        return 0;
    }

    private static List<(int W, int H, byte[] Pixels)> Images(string path, int count, int seed)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var random = new Random(seed);
            using var writer = new BinaryWriter(File.Create(path));
            writer.Write(count);
            for (int i = 0; i < count; i++)
            {
                int w = random.Next(15, 251), h = random.Next(15, 251);
                var pixels = new byte[3 * w * h];
                random.NextBytes(pixels);
                writer.Write(w);
                writer.Write(h);
                writer.Write(pixels);
            }
        }
        using var reader = new BinaryReader(File.OpenRead(path));
        int n = reader.ReadInt32();
        var images = new List<(int, int, byte[])>(n);
        for (int i = 0; i < n; i++)
        {
            int w = reader.ReadInt32(), h = reader.ReadInt32();
            images.Add((w, h, reader.ReadBytes(3 * w * h)));
        }
        return images;
    }
}
