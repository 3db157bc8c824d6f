using System.IO.Compression;
using System.Text.Json;
using Grader.Inference.Cpu;

namespace Grader.Inference.Cuda.Tests;

/// <summary>The real Fashion-MNIST test set through the fixture CNN on the GPU: PyTorch's count
/// of correct images (tests/fixtures/fashion-mnist/expected.json), and the CPU's prediction for
/// every single image.</summary>
public class FashionMnistTests
{
    private static readonly string[] Folders =
    [
        Environment.GetEnvironmentVariable("GRADER_FASHION_MNIST") ?? "",
        "/usr/share/datasets/fashion-mnist",              // Debian's dataset-fashion-mnist
        Path.Combine(AppContext.BaseDirectory, "fixtures", "fashion-mnist-data"), // the GPU bundle
    ];

    [Fact]
    public void EveryImageGetsTheCpusPredictionAndTheAccuracyIsPyTorchs()
    {
        var backend = Gpu.Backend;
        var folder = Folders.FirstOrDefault(f => f.Length > 0 && File.Exists(Path.Combine(f, "t10k-images-idx3-ubyte.gz")));
        Assert.SkipWhen(folder is null, $"the Fashion-MNIST test set is in none of {string.Join(", ", Folders.Where(f => f.Length > 0))}");
        var (images, labels) = Load(folder!);
        var fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures", "fashion-mnist");
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixtures, "expected.json")));
        var model = InferenceModel.Load(File.ReadAllBytes(Path.Combine(fixtures, "fashion_cnn.onnx")));

        using var gpu = backend.Compile(model, new CompileOptions { MaxBatch = 256 });
        using var cpu = new CpuBackend().Compile(model, new CompileOptions { MaxBatch = 256 });
        var onGpu = gpu.ArgMax(gpu.Run(images, labels.Length));
        var onCpu = cpu.ArgMax(cpu.Run(images, labels.Length));

        var differing = Enumerable.Range(0, labels.Length).Where(i => onGpu[i] != onCpu[i]).ToArray();
        Assert.True(differing.Length == 0, $"{differing.Length} images predicted differently, first: {string.Join(", ", differing.Take(10))}");
        Assert.Equal(expected.RootElement.GetProperty("correct").GetInt32(), onGpu.Where((p, i) => p == labels[i]).Count());
    }

    /// <summary>idx files as torchvision reads them; pixels to ToTensor() then Normalize(0.2860, 0.3530).</summary>
    private static (float[] Images, int[] Labels) Load(string folder)
    {
        var pixels = Gunzip(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"))[16..];
        var labels = Gunzip(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"))[8..].Select(b => (int)b).ToArray();
        var images = pixels.Select(p => ((float)p / 255f - 0.2860f) / 0.3530f).ToArray();
        Assert.Equal(labels.Length * 28 * 28, images.Length);
        return (images, labels);
    }

    private static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gz.CopyTo(bytes);
        return bytes.ToArray();
    }
}
