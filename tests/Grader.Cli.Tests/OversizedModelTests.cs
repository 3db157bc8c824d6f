using System.Text.Json;

namespace Grader.Cli.Tests;

/// <summary>
/// Model files over the 256 MiB limit are refused by their size, before they are read: sparse
/// files (as <c>truncate -s</c> makes them) stand in for the real thing without using the disk.
/// </summary>
public sealed class OversizedModelTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Sparse(string name, long bytes)
    {
        var path = Path.Combine(_temp.Root, name);
        using var file = new FileStream(path, FileMode.CreateNew);
        file.SetLength(bytes);   // ftruncate: a hole, no blocks written
        return path;
    }

    [Theory]
    [InlineData(3L << 30, "3 GiB")]        // past 2 GiB, File.ReadAllBytes itself throws
    [InlineData(300L << 20, "300 MiB")]
    public async Task Evaluate_refuses_an_oversized_file_with_a_message_not_a_stack_trace(long bytes, string shown)
    {
        var model = Sparse("huge.onnx", bytes);
        var run = await CliRun.Of("evaluate", model, "--dataset", "fashion-mnist", "--data-dir", Path.Combine(_temp.Root, "datasets"));
        Assert.Equal(1, run.ExitCode);   // the model's fault, as for any model the evaluator rejects
        Assert.Equal($"grader: 'huge.onnx' is {shown}, over the limit of 256 MiB for a model file", run.Error.Trim());
        Assert.DoesNotContain(" at ", run.Error);
    }

    [Fact]
    public async Task Grade_marks_an_oversized_model_invalid_not_error()
    {
        var rubric = _temp.Write("fashion.yaml", """
            id: fashion
            title: Fashion
            total: 2
            items:
              - id: cnn
                points: 2
                kind: model
                model: { dataset: fashion-mnist, threshold: 0.85 }
            """);
        var answers = _temp.Write("answers.yaml", "cnn: my_model.onnx\n");
        var model = Sparse("my_model.onnx", 300L << 20);
        var run = await CliRun.Of("grade", rubric, answers, "--model", $"cnn={model}", "--data-dir", Path.Combine(_temp.Root, "datasets"), "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var item = json.RootElement.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("invalid", item.GetProperty("status").GetString());
        Assert.Contains("300 MiB, over the limit of 256 MiB", item.GetProperty("feedback").GetString());
    }
}
