using System.Text.Json;
using Grader.Datasets;
using Grader.Tests.Shared;

namespace Grader.Evaluation.Tests;

/// <summary>
/// The real Fashion-MNIST test set (Debian's dataset-fashion-mnist) imported once into a temporary
/// data directory, with the model and PyTorch's own results from tools/fixtures/train_fashion_mnist.py.
/// </summary>
public sealed class FashionMnistFixture : IDisposable
{
    public FashionMnistFixture()
    {
        Root = RepositoryRoot.Path;
        DataDirectory = Directory.CreateTempSubdirectory("grader-eval-").FullName;
        var fixtures = Path.Combine(Root, "tests", "fixtures", "fashion-mnist");
        ModelPath = Path.Combine(fixtures, "fashion_cnn.onnx");
        Expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixtures, "expected.json"))).RootElement;
        if (FashionMnistFactAttribute.Available)
            DatasetImporter.Import("fashion-mnist", [FashionMnistFactAttribute.SourceDirectory], DataDirectory);
    }

    public string Root { get; }
    public string DataDirectory { get; }
    public string ModelPath { get; }
    public JsonElement Expected { get; }

    public int ExpectedCorrect => Expected.GetProperty("correct").GetInt32();

    public int[] ExpectedPerClassCorrect =>
        Expected.GetProperty("per_class_correct").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public void Dispose() => Directory.Delete(DataDirectory, recursive: true);

}

