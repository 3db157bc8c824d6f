using System.Text.Json.Nodes;
using Grader.Datasets.Storage;

namespace Grader.Datasets.Tests;

/// <summary>import -> manifest -> open, and what Open does with tampered stores.</summary>
public class StoreTests
{
    private static string ImportGtsrb(TempDir dir)
    {
        var (images, gt) = Synthetic.GtsrbZips(dir.Path);
        string data = dir.File("data");
        DatasetImporter.Import("gtsrb", [images, gt], data, new ImportOptions { ExpectedCount = 4 });
        return data;
    }

    private static string ImportCifar(TempDir dir)
    {
        string archive = dir.File("cifar-10-binary.tar.gz");
        Synthetic.CifarTarGz(archive, Synthetic.OfficialCifarEntries([1, 2, 3]));
        string data = dir.File("data");
        DatasetImporter.Import("cifar10", [archive], data, new ImportOptions { ExpectedCount = 3 });
        return data;
    }

    private static void EditManifest(string data, string name, Action<JsonNode> edit)
    {
        string path = Path.Combine(data, name, "manifest.json");
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        edit(node);
        File.WriteAllText(path, node.ToJsonString());
    }

    [Fact]
    public void Manifest_RecordsEverything()
    {
        using var dir = new TempDir();
        var fixedTime = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        string archive = dir.File("cifar-10-binary.tar.gz");
        Synthetic.CifarTarGz(archive, Synthetic.OfficialCifarEntries([1, 2, 3]));
        DatasetImporter.Import("cifar10", [archive], dir.File("data"),
            new ImportOptions { ExpectedCount = 3, TimeProvider = new FixedTime(fixedTime) });

        var json = JsonNode.Parse(File.ReadAllText(dir.File("data/cifar10/manifest.json")))!;
        Assert.Equal("cifar10", (string?)json["name"]);
        Assert.Equal(1, (int?)json["formatVersion"]);
        Assert.Equal("cifar10", (string?)json["kind"]);
        Assert.Equal(3, (int?)json["count"]);
        Assert.Equal(10, json["classes"]!.AsArray().Count);
        Assert.Equal("[3,32,32]", json["imageShape"]!.ToJsonString());
        Assert.Equal(9216, (long?)json["files"]!["images.u8"]!["size"]);
        Assert.Equal(64, ((string?)json["files"]!["labels.u8"]!["sha256"])!.Length);
        Assert.Equal(new FileInfo(archive).Length, (long?)json["sources"]![0]!["size"]);
        Assert.Equal("mismatch", (string?)json["sources"]![0]!["official"]);
        Assert.Equal(fixedTime, DateTimeOffset.Parse((string)json["createdUtc"]!, System.Globalization.CultureInfo.InvariantCulture));
        // The stored labels are the archive's.
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(dir.File("data/cifar10/labels.u8")));
        Assert.Equal(3 * 3072, new FileInfo(dir.File("data/cifar10/images.u8")).Length);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void ReimportReplacesThePreviousImport()
    {
        using var dir = new TempDir();
        string data = ImportCifar(dir);
        string archive = dir.File("cifar-10-binary.tar.gz");
        Synthetic.CifarTarGz(archive, Synthetic.OfficialCifarEntries([4, 5, 6, 7]));
        DatasetImporter.Import("cifar10", [archive], data, new ImportOptions { ExpectedCount = 4 });
        using var r = DatasetStore.Open(data, "cifar10", verifySha256: true);
        Assert.Equal(4, r.Count);
        Assert.Equal(7, r.GetLabel(3));
        Assert.Equal(new[] { "cifar10" }, Directory.GetFileSystemEntries(data).Select(Path.GetFileName));
    }

    [Fact]
    public void NotImported_IsAClearError()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<DatasetIntegrityException>(() => DatasetStore.Open(dir.Path, "gtsrb"));
        Assert.Contains("not imported", e.Message);
        Assert.False(DatasetStore.Exists(dir.Path, "gtsrb"));
        Assert.Throws<DatasetException>(() => DatasetStore.Open(dir.Path, "imagenet"));
    }

    [Fact]
    public void FlippedByte_IsCaughtBySha256Verification()
    {
        using var dir = new TempDir();
        string data = ImportGtsrb(dir);
        string images = Path.Combine(data, "gtsrb", "images.u8");
        var bytes = File.ReadAllBytes(images);
        bytes[100] ^= 1;
        File.WriteAllBytes(images, bytes);

        using (DatasetStore.Open(data, "gtsrb"))
        {
            // Sizes still agree: without hashing the change is invisible.
        }
        var e = Assert.Throws<DatasetIntegrityException>(() => DatasetStore.Open(data, "gtsrb", verifySha256: true));
        Assert.Contains("images.u8: SHA-256", e.Message);
    }

    [Fact]
    public void WrongSha256InManifest_IsCaught()
    {
        using var dir = new TempDir();
        string data = ImportCifar(dir);
        EditManifest(data, "cifar10", m => m["files"]!["labels.u8"]!["sha256"] = new string('0', 64));
        Assert.Throws<DatasetIntegrityException>(() => DatasetStore.Open(data, "cifar10", verifySha256: true));
    }

    [Fact]
    public void WrongCountInManifest_IsCaught()
    {
        using var dir = new TempDir();
        string data = ImportCifar(dir);
        EditManifest(data, "cifar10", m => m["count"] = 4);
        var e = Assert.Throws<DatasetIntegrityException>(() => DatasetStore.Open(data, "cifar10"));
        Assert.Contains("3 labels for 4 images", e.Message);
    }

    [Fact]
    public void TruncatedFile_IsCaught()
    {
        using var dir = new TempDir();
        string data = ImportCifar(dir);
        string images = Path.Combine(data, "cifar10", "images.u8");
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..^1]);
        var e = Assert.Throws<DatasetIntegrityException>(() => DatasetStore.Open(data, "cifar10"));
        Assert.Contains("9215 bytes, the manifest says 9216", e.Message);
    }

    [Fact]
    public void MissingFile_IsCaught()
    {
        using var dir = new TempDir();
        string data = ImportGtsrb(dir);
        File.Delete(Path.Combine(data, "gtsrb", "index.bin"));
        var e = Assert.Throws<DatasetIntegrityException>(() => DatasetStore.Open(data, "gtsrb"));
        Assert.Contains("index.bin: missing", e.Message);
    }

    [Fact]
    public void LabelOutsideClasses_IsCaught()
    {
        using var dir = new TempDir();
        string data = ImportCifar(dir);
        File.WriteAllBytes(Path.Combine(data, "cifar10", "labels.u8"), [1, 12, 3]);
        var e = Assert.Throws<DatasetIntegrityException>(() => DatasetStore.Open(data, "cifar10"));
        Assert.Contains("label 12 of image 1", e.Message);
    }

    [Fact]
    public void InconsistentIndex_IsCaught()
    {
        using var dir = new TempDir();
        string data = ImportGtsrb(dir);
        string index = Path.Combine(data, "gtsrb", "index.bin");
        var bytes = File.ReadAllBytes(index);
        bytes[24 + 8] = 4; // record 1: width 3 -> 4; offsets no longer add up
        File.WriteAllBytes(index, bytes);
        var e = Assert.Throws<DatasetIntegrityException>(() => DatasetStore.Open(data, "gtsrb"));
        Assert.Contains("index.bin record 2 is inconsistent", e.Message);
    }

    [Fact]
    public void OtherFormatVersionOrName_IsRefused()
    {
        using var dir = new TempDir();
        string data = ImportCifar(dir);
        EditManifest(data, "cifar10", m => m["formatVersion"] = 2);
        Assert.Contains("format version 2", Assert.Throws<DatasetIntegrityException>(() => DatasetStore.Open(data, "cifar10")).Message);
        EditManifest(data, "cifar10", m => { m["formatVersion"] = 1; m["name"] = "gtsrb"; });
        Assert.Contains("manifest is for 'gtsrb'", Assert.Throws<DatasetIntegrityException>(() => DatasetStore.Open(data, "cifar10")).Message);
        File.WriteAllText(Path.Combine(data, "cifar10", "manifest.json"), "{ not json");
        Assert.Contains("unreadable manifest", Assert.Throws<DatasetIntegrityException>(() => DatasetStore.Open(data, "cifar10")).Message);
    }

    [Fact]
    public void KnownDatasetNames()
    {
        Assert.Same(KnownDatasets.Cifar10, KnownDatasets.Find("CIFAR-10"));
        Assert.Same(KnownDatasets.FashionMnist, KnownDatasets.Find("fashion_mnist"));
        Assert.Same(KnownDatasets.Gtsrb, KnownDatasets.Find("GTSRB"));
        Assert.Null(KnownDatasets.Find("imagenet"));
        Assert.Equal(43, KnownDatasets.Gtsrb.ClassCount);
        Assert.Equal(12_630, KnownDatasets.Gtsrb.OfficialTestCount);
    }
}
