using Grader.Datasets.Batching;
using Grader.Datasets.Preprocessing;

namespace Grader.Datasets.Tests;

public class BatchTests
{
    /// <summary>A Fashion-MNIST-shaped store of 10 images of 2x2 where every pixel of image i is 10 i, label i mod 10.</summary>
    private static string TenImages(TempDir dir)
    {
        var pixels = new byte[10 * 4];
        for (int i = 0; i < 10; i++)
            pixels.AsSpan(i * 4, 4).Fill((byte)(10 * i));
        File.WriteAllBytes(dir.File("t10k-images-idx3-ubyte"), Synthetic.Idx([10, 2, 2], pixels));
        File.WriteAllBytes(dir.File("t10k-labels-idx1-ubyte"), Synthetic.Idx([10], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]));
        string data = dir.File("data");
        DatasetImporter.Import("fashion-mnist", [dir.Path], data, new ImportOptions { ExpectedCount = 10 });
        return data;
    }

    private static readonly PreprocessingSpec Unscaled = new() { ScaleToUnitRange = false };

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void TenImagesInBatchesOfFour_Give4_4_2(int threads)
    {
        using var dir = new TempDir();
        using var reader = DatasetStore.Open(TenImages(dir), "fashion-mnist");
        var plan = Unscaled.Resolve(reader.Manifest);
        var batches = new BatchReader(reader, plan, new BatchOptions { BatchSize = 4, MaxDegreeOfParallelism = threads });
        Assert.Equal(3, batches.BatchCount);

        var seen = new List<(int Start, int Count, int[] Shape, float[] Data, byte[] Labels)>();
        Batch? first = null;
        foreach (var b in batches.ReadBatches())
        {
            first ??= b;
            Assert.Same(first, b); // one buffer, reused
            seen.Add((b.Start, b.Count, b.Shape, b.Images.ToArray(), b.LabelMemory.ToArray()));
        }
        Assert.Equal(new[] { 0, 4, 8 }, seen.Select(s => s.Start));
        Assert.Equal(new[] { 4, 4, 2 }, seen.Select(s => s.Count));
        Assert.Equal(new[] { 2, 1, 2, 2 }, seen[2].Shape);
        Assert.Equal(new byte[] { 5, 4, 3, 2 }, seen[1].Labels);
        Assert.Equal(new float[] { 80, 80, 80, 80, 90, 90, 90, 90 }, seen[2].Data);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(i => Enumerable.Repeat(10f * i, 4)), seen.SelectMany(s => s.Data));
    }

    [Fact]
    public async Task AsyncWithPrefetch_GivesTheSameBatches()
    {
        using var dir = new TempDir();
        using var reader = DatasetStore.Open(TenImages(dir), "fashion-mnist");
        var plan = Unscaled.Resolve(reader.Manifest);
        var batches = new BatchReader(reader, plan, new BatchOptions { BatchSize = 3 });
        var counts = new List<int>();
        var values = new List<float>();
        var labels = new List<byte>();
        await foreach (var b in batches.ReadBatchesAsync())
        {
            // Consume slowly so the prefetch of the next batch runs meanwhile.
            await Task.Delay(5);
            counts.Add(b.Count);
            for (int i = 0; i < b.Count; i++)
                values.Add(b.Image(i)[0]);
            labels.AddRange(b.LabelMemory.ToArray());
        }
        Assert.Equal(new[] { 3, 3, 3, 1 }, counts);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 10f * i), values);
        Assert.Equal(new byte[] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 }, labels);

        var noPrefetch = new BatchReader(reader, plan, new BatchOptions { BatchSize = 3, Prefetch = false });
        int n = 0;
        await foreach (var b in noPrefetch.ReadBatchesAsync())
            n += b.Count;
        Assert.Equal(10, n);
    }

    [Fact]
    public async Task StoppingEarly_AndCancellation()
    {
        using var dir = new TempDir();
        using var reader = DatasetStore.Open(TenImages(dir), "fashion-mnist");
        var batches = new BatchReader(reader, Unscaled.Resolve(reader.Manifest), new BatchOptions { BatchSize = 2 });
        await foreach (var b in batches.ReadBatchesAsync())
        {
            Assert.Equal(0, b.Start);
            break;
        }
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in batches.ReadBatchesAsync(cts.Token))
            {
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => batches.ReadBatches(cts.Token).First());
    }

    [Fact]
    public void Range_StartAndCount()
    {
        using var dir = new TempDir();
        using var reader = DatasetStore.Open(TenImages(dir), "fashion-mnist");
        var batches = new BatchReader(reader, Unscaled.Resolve(reader.Manifest), new BatchOptions { BatchSize = 4, Start = 3, Count = 5 });
        Assert.Equal(new[] { 4, 1 }, batches.ReadBatches().Select(b => b.Count));
        Assert.Equal(new float[] { 30, 70 }, batches.ReadBatches().Select(b => b.Image(0)[0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchReader(reader, Unscaled.Resolve(reader.Manifest), new BatchOptions { Start = 8, Count = 5 }));
    }

    [Fact]
    public void VariableSizeImages_ParallelEqualsSequentialEqualsOneByOne()
    {
        using var dir = new TempDir();
        var (images, gt) = Synthetic.GtsrbZips(dir.Path);
        DatasetImporter.Import("gtsrb", [images, gt], dir.File("data"), new ImportOptions { ExpectedCount = 4 });
        using var reader = DatasetStore.Open(dir.File("data"), "gtsrb");
        var plan = new PreprocessingSpec { Resize = new ImageSize(6, 5), Mean = [0.3f, 0.4f, 0.5f], Std = [0.2f, 0.2f, 0.2f] }.Resolve(reader.Manifest);

        float[] Run(int threads) => new BatchReader(reader, plan, new BatchOptions { BatchSize = 3, MaxDegreeOfParallelism = threads })
            .ReadBatches().SelectMany(b => b.Images.ToArray()).ToArray();
        var sequential = Run(1);
        Assert.Equal(4 * 3 * 6 * 5, sequential.Length);
        Assert.Equal(sequential, Run(3));
        var oneByOne = Enumerable.Range(0, 4).SelectMany(i => plan.Apply(reader.ReadImage(i))).ToArray();
        Assert.Equal(oneByOne, sequential);

        // Image 1 is 3 wide and 6 high: resizing to 6x5 keeps the rows; its G plane is 100 + y, so
        // G row y of the output is ((100 + y) / 255 - 0.4) / 0.2 in every column.
        var g = sequential.AsSpan(1 * 90 + 30, 30);
        for (int y = 0; y < 6; y++)
            for (int x = 0; x < 5; x++)
                Assert.Equal(((100 + y) / 255f - 0.4f) / 0.2f, g[y * 5 + x], 1e-5f);
    }

    [Fact]
    public async Task ModelEvaluation_RunsTheModelOverEveryBatch()
    {
        using var dir = new TempDir();
        using var reader = DatasetStore.Open(TenImages(dir), "fashion-mnist");
        var plan = Unscaled.Resolve(reader.Manifest);
        // A fake model predicting class (pixel / 10 + 1) mod 10: image i (pixels 10 i, label 9 - i) is
        // predicted (i + 1) mod 10, right where i + 1 = 9 - i (mod 10): i = 4 (label 5) and i = 9 (label 0).
        var matrix = await Scoring.ModelEvaluation.EvaluateAsync(reader, plan, (batch, _) =>
        {
            var logits = new float[batch.Count * 10];
            for (int i = 0; i < batch.Count; i++)
                logits[i * 10 + ((int)(batch.Image(i)[0] / 10) + 1) % 10] = 1;
            return ValueTask.FromResult<ReadOnlyMemory<float>>(logits);
        }, new BatchOptions { BatchSize = 4 });
        Assert.Equal(10, matrix.Total);
        Assert.Equal(2, matrix.Correct);
        Assert.Equal(1, matrix[5, 5]);
        Assert.Equal(1, matrix[0, 0]);
        Assert.Equal(1, matrix[9, 1]); // image 0
        Assert.Equal(0.2, matrix.Accuracy);

        // A model returning the wrong number of scores is reported, not mis-scored.
        await Assert.ThrowsAsync<DatasetException>(() => Scoring.ModelEvaluation.EvaluateAsync(reader, plan,
            (batch, _) => ValueTask.FromResult<ReadOnlyMemory<float>>(new float[batch.Count * 9])));
    }

    [Fact]
    public void VariableSizeWithoutResize_IsRefusedBeforeReading()
    {
        using var dir = new TempDir();
        var (images, gt) = Synthetic.GtsrbZips(dir.Path);
        DatasetImporter.Import("gtsrb", [images, gt], dir.File("data"), new ImportOptions { ExpectedCount = 4 });
        using var reader = DatasetStore.Open(dir.File("data"), "gtsrb");
        Assert.Throws<PreprocessingException>(() => PreprocessingSpec.Default.Resolve(reader.Manifest));
    }
}
