using Grader.Datasets;

namespace Grader.Worker.Tests.Sandbox;

/// <summary>The real Fashion-MNIST test set imported once for a test class (when installed).</summary>
public sealed class ImportedFashionMnist : IDisposable
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("grader-sandbox-data-").FullName;

    public ImportedFashionMnist()
    {
        if (FashionMnistFactAttribute.Available)
            DatasetImporter.Import("fashion-mnist", [FashionMnistFactAttribute.SourceDirectory], DataDirectory);
    }

    public void Dispose() => Directory.Delete(DataDirectory, recursive: true);
}
