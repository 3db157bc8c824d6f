using System.Text.Json;
using Grader.Datasets;

namespace Grader.Evaluation.Tests;

/// <summary>
/// The real Fashion-MNIST test set (Debian's dataset-fashion-mnist) imported once into a temporary
/// data directory, with the model and PyTorch's own results from tools/fixtures/train_fashion_mnist.py.
/// </summary>
public sealed class FashionMnistFixture : IDisposable
{
    public const string SourceDirectory = "/usr/share/datasets/fashion-mnist";

    public FashionMnistFixture()
    {
        Root = FindRoot();
        DataDirectory = Directory.CreateTempSubdirectory("grader-eval-").FullName;
        var fixtures = Path.Combine(Root, "tests", "fixtures", "fashion-mnist");
        ModelPath = Path.Combine(fixtures, "fashion_cnn.onnx");
        Expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixtures, "expected.json"))).RootElement;
        if (Available) DatasetImporter.Import("fashion-mnist", [SourceDirectory], DataDirectory);
    }

    public static bool Available => Directory.Exists(SourceDirectory);

    public static string? SkipReason => Available
        ? null
        : $"Fashion-MNIST not installed at {SourceDirectory} (Debian package dataset-fashion-mnist; scripts/prerequisites.sh installs it)";

    public string Root { get; }
    public string DataDirectory { get; }
    public string ModelPath { get; }
    public JsonElement Expected { get; }

    public int ExpectedCorrect => Expected.GetProperty("correct").GetInt32();

    public int[] ExpectedPerClassCorrect =>
        Expected.GetProperty("per_class_correct").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public void Dispose() => Directory.Delete(DataDirectory, recursive: true);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) return dir.FullName;
        throw new InvalidOperationException("Grader.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A test that needs the Fashion-MNIST package; reported as skipped, with the reason, without it.</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public FashionMnistFactAttribute()
    {
        if (FashionMnistFixture.SkipReason is { } reason) Skip = reason;
    }
}
