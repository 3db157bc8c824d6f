using System.Buffers.Binary;
using System.Text.Json;
using Grader.Datasets.Batching;
using Grader.Datasets.Preprocessing;
using Grader.Datasets.Storage;

namespace Grader.Datasets.Tests;

/// <summary>
/// The real Fashion-MNIST test set through import, store, preprocessing and batching, compared with
/// what PyTorch fed the fixture model (tools/fixtures/train_fashion_mnist.py wrote first8.f32).
/// </summary>
public class FashionMnistEndToEndTests
{
    private static JsonElement Expected()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.FashionFixture("expected.json")));
        return doc.RootElement.Clone();
    }

    [FashionMnistFact]
    public void FirstEightPreprocessedImages_AreBitIdenticalToPyTorchs()
    {
        var expected = Expected();
        using var dir = new TempDir();
        var manifest = DatasetImporter.Import("fashion-mnist", [Fixtures.FashionMnistDir], dir.Path);
        Assert.Equal(10_000, manifest.Count);
        Assert.Equal(new ImageShape(1, 28, 28), manifest.ImageShape);
        // The importer's SHA-256 of the sources is what the fixture script computed.
        var sources = expected.GetProperty("source_files");
        foreach (var s in manifest.Sources)
            Assert.Equal(sources.GetProperty(s.File).GetProperty("sha256").GetString(), s.Sha256);

        var pre = expected.GetProperty("preprocessing");
        var spec = new PreprocessingSpec
        {
            ScaleToUnitRange = pre.GetProperty("scale_to_unit_range").GetBoolean(),
            Mean = pre.GetProperty("mean").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(),
            Std = pre.GetProperty("std").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(),
        };
        using var reader = DatasetStore.Open(dir.Path, "fashion-mnist", verifySha256: true);
        var plan = spec.Resolve(reader.Manifest);
        Assert.Equal(pre.GetProperty("input_shape").EnumerateArray().Select(v => v.GetInt32()), plan.InputShape);

        var torchBytes = File.ReadAllBytes(Fixtures.FashionFixture("first8.f32"));
        Assert.Equal(8 * 784 * 4, torchBytes.Length);
        var batch = new BatchReader(reader, plan, new BatchOptions { BatchSize = 8 }).ReadBatches().First();
        Assert.Equal(8, batch.Count);
        var ours = batch.Images.Span;
        int different = 0;
        for (int i = 0; i < 8 * 784; i++)
        {
            float torch = BinaryPrimitives.ReadSingleLittleEndian(torchBytes.AsSpan(4 * i));
            Assert.True(Math.Abs(torch - ours[i]) <= 1e-6f, $"value {i}: torch {torch:R}, ours {ours[i]:R}");
            if (BitConverter.SingleToInt32Bits(torch) != BitConverter.SingleToInt32Bits(ours[i]))
                different++;
        }
        Assert.Equal(0, different); // the documented float32 formula is PyTorch's, bit for bit
        var labels = expected.GetProperty("first8").GetProperty("labels").EnumerateArray().Select(v => (byte)v.GetInt32());
        Assert.Equal(labels, batch.LabelMemory.ToArray());
    }

    [FashionMnistFact]
    public void WholeTestSet_StreamsInBatchesWithTheRightLabels()
    {
        var expected = Expected();
        using var dir = new TempDir();
        DatasetImporter.Import("fashion-mnist",
            [Path.Combine(Fixtures.FashionMnistDir, "t10k-labels-idx1-ubyte.gz"), Path.Combine(Fixtures.FashionMnistDir, "t10k-images-idx3-ubyte.gz")],
            dir.Path);
        using var reader = DatasetStore.Open(dir.Path, "fashion-mnist");
        var plan = PreprocessingSpec.Default.Resolve(reader.Manifest);
        var perClass = new int[10];
        int images = 0, batches = 0;
        float min = float.MaxValue, max = float.MinValue;
        foreach (var b in new BatchReader(reader, plan, new BatchOptions { BatchSize = 256 }).ReadBatches())
        {
            batches++;
            images += b.Count;
            foreach (var l in b.LabelMemory.Span)
                perClass[l]++;
            foreach (var v in b.Images.Span)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }
        Assert.Equal(10_000, images);
        Assert.Equal(40, batches); // 39 x 256 + 16
        Assert.Equal(expected.GetProperty("per_class_total").EnumerateArray().Select(v => v.GetInt32()), perClass);
        Assert.Equal(0f, min);
        Assert.Equal(1f, max);
    }

    [Fact]
    public void FixtureModel_IsSmallAndDescribed()
    {
        var expected = Expected();
        var onnx = new FileInfo(Fixtures.FashionFixture("fashion_cnn.onnx"));
        Assert.True(onnx.Exists && onnx.Length < 1 << 20, "fashion_cnn.onnx must exist and stay under 1 MB");
        int correct = expected.GetProperty("correct").GetInt32();
        Assert.InRange(correct, 8500, 9500);
        Assert.Equal(correct / 10000.0, expected.GetProperty("accuracy").GetDouble());
        Assert.Equal(correct, expected.GetProperty("per_class_correct").EnumerateArray().Sum(v => v.GetInt32()));
    }
}
