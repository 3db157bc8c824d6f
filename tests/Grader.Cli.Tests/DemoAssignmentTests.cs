using System.Text.Json;

namespace Grader.Cli.Tests;

/// <summary>
/// The model demo scripts/run.sh grades (demo/): its rubric checks out on its own, outside the
/// course sheets, and the committed Fashion-MNIST CNN scores what PyTorch measured (9,058 of
/// 10,000), as ONNX (5 of 5 at the 85% threshold) and as a state_dict (ramped from 85% to 92%:
/// 5 x (0.9058 - 0.85) / 0.07 = 3.99 points).
/// </summary>
public sealed class DemoAssignmentTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private static string Demo => Path.Combine(RepositoryPaths.Root, "demo");
    private static string Fixture(string file) => Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "fashion-mnist", file);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_demo_rubric_checks_out_and_adds_no_course_sheet()
    {
        var run = await CliRun.Of("check", Path.Combine(Demo, "rubrics"));
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.Contains("demo-fashion-mnist, 2 items, 10 points", run.Out);
        Assert.False(File.Exists(RepositoryPaths.Rubric("demo-fashion-mnist")));
    }

    [FashionMnistFact]
    public async Task The_demo_submission_scores_what_PyTorch_measured_with_per_class_results()
    {
        var data = Path.Combine(_temp.Root, "datasets");
        Assert.Equal(0, (await CliRun.Of("dataset", "import", "fashion-mnist", FashionMnistFactAttribute.SourceDirectory, "--data-dir", data)).ExitCode);
        var run = await CliRun.Of("grade", Path.Combine(Demo, "rubrics", "demo-fashion-mnist.yaml"),
            Path.Combine(Demo, "reference", "demo-fashion-mnist", "solution.yaml"),
            "--model", $"cnn.onnx={Fixture("fashion_cnn.onnx")}", "--model", $"cnn.state_dict={Fixture("fashion_cnn.pt")}",
            "--data-dir", data, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("itemId").GetString()!);
        Assert.Equal(("correct", 5.0), (items["cnn.onnx"].GetProperty("status").GetString(), items["cnn.onnx"].GetProperty("points").GetDouble()));
        Assert.Equal("partial", items["cnn.state_dict"].GetProperty("status").GetString());
        Assert.Equal(5 * (0.9058 - 0.85) / (0.92 - 0.85), items["cnn.state_dict"].GetProperty("points").GetDouble(), 1e-6);   // points are kept to 6 decimals
        using var expected = JsonDocument.Parse(File.ReadAllText(Fixture("expected.json")));
        var perClass = expected.RootElement.GetProperty("per_class_correct").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        foreach (var item in new[] { "cnn.onnx", "cnn.state_dict" })
        {
            var model = json.RootElement.GetProperty("models").GetProperty(item);
            Assert.Equal(9058, model.GetProperty("correct").GetInt32());
            Assert.Equal(perClass, model.GetProperty("confusionMatrix").EnumerateArray().Select((row, c) => row[c].GetInt32()));
        }
    }
}
