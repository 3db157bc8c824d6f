using System.Text.Json;

namespace Grader.Cli.Tests;

/// <summary>
/// The model path of the CLI on real data: import Fashion-MNIST, evaluate the fixture network,
/// and grade a model item end to end (PyTorch measured 9,058 of 10,000 for this network).
/// </summary>
public sealed class ModelCommandsTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private string DataDirectory => Path.Combine(_temp.Root, "datasets");
    private static string Model => Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "fashion-mnist", "fashion_cnn.onnx");

    public void Dispose() => _temp.Dispose();

    private async Task ImportAsync()
    {
        var run = await CliRun.Of("dataset", "import", "fashion-mnist", FashionMnistFactAttribute.SourceDirectory, "--data-dir", DataDirectory);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("imported fashion-mnist: 10,000 images, 10 classes", run.Out);
    }

    [FashionMnistFact]
    public async Task Evaluate_loads_a_state_dict_into_the_named_architecture()
    {
        await ImportAsync();
        // LeNet-5 with seeded random weights (tests/fixtures/checkpoints): the wiring, not the accuracy.
        var lenet = Path.Combine(RepositoryPaths.Root, "tests", "fixtures", "checkpoints", "lenet5.pt");
        var run = await CliRun.Of("evaluate", lenet, "--architecture", "lenet5", "--resize", "32x32", "--limit", "64",
            "--dataset", "fashion-mnist", "--data-dir", DataDirectory);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("of 64)", run.Out);

        var without = await CliRun.Of("evaluate", lenet, "--dataset", "fashion-mnist", "--data-dir", DataDirectory);
        Assert.NotEqual(0, without.ExitCode);
        Assert.Contains("weights only", without.Error + without.Out);
    }

    [FashionMnistFact]
    public async Task Evaluate_prints_the_accuracy_PyTorch_measured()
    {
        await ImportAsync();
        var run = await CliRun.Of("evaluate", Model, "--dataset", "fashion-mnist", "--mean", "0.2860", "--std", "0.3530", "--data-dir", DataDirectory);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("(9,058 of 10,000)", run.Out);
        Assert.Contains("images/s", run.Out);
    }

    [FashionMnistFact]
    public async Task Evaluate_in_the_sandbox_prints_what_PyTorch_measured_and_where_it_ran()
    {
        await ImportAsync();
        var run = await CliRun.Of("evaluate", Model, "--dataset", "fashion-mnist", "--mean", "0.2860", "--std", "0.3530",
            "--data-dir", DataDirectory, "--device", "cpu", "--sandbox");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("(9,058 of 10,000)", run.Out);
        Assert.Matches(@"(?m)^sandbox  (bubblewrap sandbox \(no network, read-only files; 4 GiB memory|child process without bubblewrap)", run.Out);
    }

    [Fact]
    public async Task Evaluate_in_the_sandbox_gives_a_broken_model_its_reason()
    {
        var broken = _temp.Write("broken.onnx", "not a network");
        var run = await CliRun.Of("evaluate", broken, "--dataset", "fashion-mnist", "--data-dir", DataDirectory, "--device", "cpu", "--sandbox");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("could not be loaded", run.Error);
    }

    [FashionMnistFact]
    public async Task Evaluate_on_the_gpu_uses_one_or_says_why_there_is_none()
    {
        await ImportAsync();
        var run = await CliRun.Of("evaluate", Model, "--dataset", "fashion-mnist", "--mean", "0.2860", "--std", "0.3530",
            "--limit", "256", "--data-dir", DataDirectory, "--device", "gpu", "--cuda-path", Path.Combine(_temp.Root, "no-cuda-here"));
        if (run.ExitCode == 0)
        {
            Assert.Contains("engine grader-inference", run.Out);
            Assert.Contains("(cuda (", run.Out); // the engine line names the device
        }
        else
        {
            Assert.Equal(2, run.ExitCode);
            Assert.StartsWith("grader: no usable GPU: ", run.Error);
            Assert.Contains("no-cuda-here (configured)", run.Error); // where it looked
            Assert.Empty(run.Out);
        }
    }

    [FashionMnistFact]
    public async Task Evaluate_on_the_cpu_says_so_in_the_engine_line()
    {
        await ImportAsync();
        var run = await CliRun.Of("evaluate", Model, "--dataset", "fashion-mnist", "--mean", "0.2860", "--std", "0.3530",
            "--limit", "256", "--data-dir", DataDirectory, "--device", "cpu");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"engine grader-inference \S+ \(cpu\)", run.Out);
    }

    [FashionMnistFact]
    public async Task Grade_evaluates_model_items_with_the_given_file()
    {
        await ImportAsync();
        var rubric = _temp.Write("fashion.yaml", """
            id: fashion
            title: Fashion
            total: 3
            items:
              - { id: q1, points: 1, kind: integer, expected: 10 }
              - id: cnn
                points: 2
                kind: model
                model:
                  dataset: fashion-mnist
                  threshold: 0.85
                  preprocessing: { mean: [0.2860], std: [0.3530] }
            """);
        var answers = _temp.Write("answers.yaml", "q1: 10\ncnn: my_model.onnx\n");
        var run = await CliRun.Of("grade", rubric, answers, "--model", $"cnn={Model}", "--data-dir", DataDirectory, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(3, json.RootElement.GetProperty("total").GetDouble());
        var model = json.RootElement.GetProperty("models").GetProperty("cnn");
        Assert.Equal(9058, model.GetProperty("correct").GetInt32());
        Assert.Equal(64, model.GetProperty("datasetSha256").GetString()!.Length);
    }

    [Fact]
    public async Task Grade_leaves_model_items_pending_when_the_file_is_not_at_hand()
    {
        var run = await CliRun.Of("grade", RepositoryPaths.Rubric("rptu-dl-ex2"),
            Path.Combine(RepositoryPaths.Reference, "rptu-dl-ex2", "solution.yaml"), "--data-dir", DataDirectory, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var item = json.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("itemId").GetString() == "2.4.cifar10");
        Assert.Equal("pending_model", item.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_malformed_model_option_is_a_usage_error()
    {
        var run = await CliRun.Of("grade", RepositoryPaths.Rubric("rptu-dl-ex2"),
            Path.Combine(RepositoryPaths.Reference, "rptu-dl-ex2", "solution.yaml"), "--model", "no-equals-sign");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ITEM=FILE", run.Error);
    }

    [Fact]
    public async Task Importing_a_missing_archive_fails_with_a_message()
    {
        var run = await CliRun.Of("dataset", "import", "cifar10", "/nonexistent/cifar-10-binary.tar.gz", "--data-dir", DataDirectory);
        Assert.Equal(2, run.ExitCode);
        Assert.NotEmpty(run.Error);
    }
}
