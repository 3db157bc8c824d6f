using System.Text.Json;

namespace Grader.Cli.Tests;

/// <summary>
/// A seed rubric's model item graded end to end through <c>grader grade</c>: a CIFAR-10 test set
/// in the official binary format (synthetic pixels and labels, since the real archive cannot be
/// fetched here) imported with <c>grader dataset import</c>, and a real ONNX network exported by
/// PyTorch (the MobileNetV2-style fixture: 3x32x32 in, 10 classes out).
/// </summary>
public sealed class SeedModelItemTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string WriteSyntheticCifar10TestBatch()
    {
        // The official test_batch.bin: 10,000 records of one label byte and 3,072 pixel bytes (CHW).
        var random = new Random(2024);
        var bytes = new byte[10_000 * 3073];
        random.NextBytes(bytes);
        for (int i = 0; i < 10_000; i++) bytes[i * 3073] = (byte)(i % 10);
        var path = Path.Combine(_temp.Root, "cifar-10-batches-bin", "test_batch.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public async Task The_CIFAR10_challenge_item_is_evaluated_on_the_imported_test_set()
    {
        var dataDirectory = Path.Combine(_temp.Root, "datasets");
        var import = await CliRun.Of("dataset", "import", "cifar10", WriteSyntheticCifar10TestBatch(), "--data-dir", dataDirectory);
        Assert.True(import.ExitCode == 0, import.Error);

        var model = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "onnx", "mobilenetv2_opset17.onnx");
        var run = await CliRun.Of("grade", RepositoryPaths.Rubric("rptu-dl-ex2"),
            Path.Combine(RepositoryPaths.Reference, "rptu-dl-ex2", "solution.yaml"),
            "--model", $"2.4.cifar10={model}", "--data-dir", dataDirectory, "--json");
        Assert.True(run.ExitCode == 0, run.Error);

        using var json = JsonDocument.Parse(run.Out);
        var item = json.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("itemId").GetString() == "2.4.cifar10");
        // An untrained network on random labels is far below 70%: graded, with the measurement.
        Assert.Equal("incorrect", item.GetProperty("status").GetString());
        Assert.Contains("on the cifar10 test set", item.GetProperty("feedback").GetString());
        var evaluation = json.RootElement.GetProperty("models").GetProperty("2.4.cifar10");
        Assert.Equal(10_000, evaluation.GetProperty("total").GetInt32());
        Assert.Equal([3, 32, 32], evaluation.GetProperty("inputShape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(10, evaluation.GetProperty("perClassAccuracy").GetArrayLength());
    }

    [Fact]
    public async Task A_model_for_the_wrong_input_is_refused_with_the_shapes()
    {
        var dataDirectory = Path.Combine(_temp.Root, "datasets");
        await CliRun.Of("dataset", "import", "cifar10", WriteSyntheticCifar10TestBatch(), "--data-dir", dataDirectory);
        var lenet = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "onnx", "lenet5_opset13.onnx"); // 1x32x32 grey
        var run = await CliRun.Of("grade", RepositoryPaths.Rubric("rptu-dl-ex2"),
            Path.Combine(RepositoryPaths.Reference, "rptu-dl-ex2", "solution.yaml"),
            "--model", $"2.4.cifar10={lenet}", "--data-dir", dataDirectory, "--json");
        using var json = JsonDocument.Parse(run.Out);
        var item = json.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("itemId").GetString() == "2.4.cifar10");
        Assert.Equal("invalid", item.GetProperty("status").GetString());
        Assert.Contains("model expects 1x32x32, data set gives 3x32x32", item.GetProperty("feedback").GetString());
    }
}
