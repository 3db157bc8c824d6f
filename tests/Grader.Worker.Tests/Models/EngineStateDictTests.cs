using Grader.Core.Rubrics;
using Grader.Datasets;
using Grader.Worker.Models;

namespace Grader.Worker.Tests.Models;

/// <summary>The gpu queue's evaluator given a state_dict upload: loaded into the requirement's
/// architecture (FashionCnn of train_fashion_mnist.py), it scores what the ONNX export scores.</summary>
public sealed class EngineStateDictTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("grader-engine-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private static byte[] Fixture(string file) => File.ReadAllBytes(RepositoryRoot.Fixture("fashion-mnist", file));

    private static ModelLayer Layer(string type, string? name = null, params (string Arg, double Value)[] args) =>
        new(type, name, args.ToDictionary(a => a.Arg, a => new LayerValue(a.Value)), []);

    internal static readonly ModelRequirement Requirement = new("fashion-mnist", "accuracy", 0.85, null, ["onnx", "pt"])
    {
        Preprocessing = new ModelPreprocessing { Mean = [0.2860], Std = [0.3530] },
        Architecture = new ModelArchitecture(null, null, false, null,
        [
            Layer("Conv2d", "conv1", ("in_channels", 1), ("out_channels", 16), ("kernel_size", 3), ("padding", 1)),
            Layer("ReLU"), Layer("MaxPool2d", null, ("kernel_size", 2)),
            Layer("Conv2d", "conv2", ("in_channels", 16), ("out_channels", 32), ("kernel_size", 3), ("padding", 1)),
            Layer("ReLU"), Layer("MaxPool2d", null, ("kernel_size", 2)),
            Layer("Flatten"),
            Layer("Linear", "fc1", ("in_features", 1568), ("out_features", 64)),
            Layer("ReLU"),
            Layer("Linear", "fc2", ("in_features", 64), ("out_features", 10)),
        ]),
    };

    [FashionMnistFact]
    public async Task A_state_dict_scores_like_the_onnx_export()
    {
        DatasetImporter.Import("fashion-mnist", [FashionMnistFactAttribute.SourceDirectory], _dataDirectory);
        var evaluator = new EngineModelEvaluator(new ModelEvaluatorSettings(_dataDirectory));
        var answer = new ModelAnswer("fashion_cnn.pt", null, null, null);
        var evaluation = await evaluator.EvaluateAsync(new ModelEvaluationJob(Guid.NewGuid(), "cnn", Requirement, Fixture("fashion_cnn.pt"), answer), default);
        Assert.Contains("9,058 of 10,000", evaluation.Note);
    }

    [Fact]
    public async Task A_hostile_pickle_is_rejected_as_the_students_to_fix()
    {
        var evaluator = new EngineModelEvaluator(new ModelEvaluatorSettings(_dataDirectory));
        var answer = new ModelAnswer("evil.pt", null, null, null);
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "fixtures", "checkpoints", "hostile_os_system.pt"));
        var job = new ModelEvaluationJob(Guid.NewGuid(), "cnn", Requirement, bytes, answer);
        var rejected = await Assert.ThrowsAsync<ModelRejectedException>(() => evaluator.EvaluateAsync(job, default));
        Assert.Contains("posix.system", rejected.Message);
    }
}
