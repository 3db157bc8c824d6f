using System.Text;
using Grader.Datasets.Formats;
using Grader.Datasets.Storage;

namespace Grader.Datasets.Tests;

public class Cifar10Tests
{
    private static readonly byte[] Labels = [3, 8, 0, 9, 5];
    private static readonly ImportOptions Five = new() { ExpectedCount = 5 };

    [Fact]
    public void ReadsTestBatchStraightFromTarGz()
    {
        using var dir = new TempDir();
        string archive = dir.File("cifar-10-binary.tar.gz");
        Synthetic.CifarTarGz(archive, Synthetic.OfficialCifarEntries(Labels));

        var seen = new List<(int Index, byte Label, byte First, byte Last, byte G0)>();
        var result = Cifar10Binary.ReadTestBatch(archive, (i, chw, label) => seen.Add((i, label, chw[0], chw[3071], chw[1024])));

        Assert.Equal(5, result.Count);
        Assert.Equal(new[] { "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck" }, result.ClassNames);
        Assert.Contains("cifar-10-batches-bin/test_batch.bin", result.Entries);
        Assert.Equal(Labels, seen.Select(s => s.Label));
        // Record i, channel c, (y, x): (31 i + 7 c + 3 y + x) mod 256. Last byte: c=2, y=31, x=31 -> 31 i + 14 + 93 + 31.
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(i, seen[i].Index);
            Assert.Equal((byte)(31 * i % 256), seen[i].First);
            Assert.Equal((byte)((31 * i + 138) % 256), seen[i].Last);
            Assert.Equal((byte)((31 * i + 7) % 256), seen[i].G0);
        }
    }

    [Fact]
    public void Import_Open_RoundTrip()
    {
        using var dir = new TempDir();
        string archive = dir.File("cifar-10-binary.tar.gz");
        Synthetic.CifarTarGz(archive, Synthetic.OfficialCifarEntries(Labels));
        string data = dir.File("data");

        var manifest = DatasetImporter.Import("CIFAR-10", [archive], data, Five);
        Assert.Equal("cifar10", manifest.Name);
        Assert.Equal(5, manifest.Count);
        Assert.Equal(new ImageShape(3, 32, 32), manifest.ImageShape);
        Assert.Equal(5 * 3072, manifest.Files[StoreFormat.ImagesFile].Size);
        Assert.Equal(5, manifest.Files[StoreFormat.LabelsFile].Size);
        var source = Assert.Single(manifest.Sources);
        Assert.Equal("cifar-10-binary.tar.gz", source.File);
        Assert.Equal(OfficialChecksum.Mismatch, source.Official); // right name, not the official bytes
        Assert.Equal(64, source.Sha256.Length);

        using var reader = DatasetStore.Open(data, "cifar10", verifySha256: true);
        Assert.Equal(5, reader.Count);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(Labels[i], reader.GetLabel(i));
            var img = reader.ReadImage(i);
            Assert.Equal(32, img.Width);
            Assert.Equal((byte)((31 * i + 7 * 1 + 3 * 4 + 5) % 256), img[1, 4, 5]);
            Assert.Equal((byte)((31 * i + 7 * 2 + 3 * 31 + 0) % 256), img[2, 31, 0]);
        }
    }

    [Fact]
    public void ImportsFromExtractedFolderAndBareBatch()
    {
        using var dir = new TempDir();
        var folder = Directory.CreateDirectory(dir.File("cifar-10-batches-bin")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), Synthetic.CifarBatch(Labels));
        File.WriteAllText(Path.Combine(folder, "batches.meta.txt"), Synthetic.CifarMeta);

        var m1 = DatasetImporter.Import("cifar10", [folder], dir.File("a"), Five);
        var m2 = DatasetImporter.Import("cifar10", [Path.Combine(folder, "test_batch.bin")], dir.File("b"), Five);
        Assert.Equal(m1.Files[StoreFormat.ImagesFile].Sha256, m2.Files[StoreFormat.ImagesFile].Sha256);
        Assert.Equal(OfficialChecksum.Unknown, Assert.Single(m2.Sources).Official);
    }

    [Fact]
    public void WrongCount_IsRejected_AndNothingIsLeftBehind()
    {
        using var dir = new TempDir();
        string archive = dir.File("cifar-10-binary.tar.gz");
        Synthetic.CifarTarGz(archive, Synthetic.OfficialCifarEntries(Labels));
        string data = dir.File("data");

        var e = Assert.Throws<DatasetFormatException>(() => DatasetImporter.Import("cifar10", [archive], data));
        Assert.Contains("5 test images, expected 10000", e.Message);
        e = Assert.Throws<DatasetFormatException>(() => DatasetImporter.Import("cifar10", [archive], data, new ImportOptions { ExpectedCount = 4 }));
        Assert.Contains("more than the expected 4", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(data));
    }

    [Fact]
    public void MissingTestBatch_IsRejected()
    {
        using var dir = new TempDir();
        string archive = dir.File("cifar-10-binary.tar.gz");
        Synthetic.CifarTarGz(archive, Synthetic.OfficialCifarEntries(Labels).Where(e => !e.Name.EndsWith("test_batch.bin")));
        var e = Assert.Throws<DatasetFormatException>(() => DatasetImporter.Import("cifar10", [archive], dir.File("d"), Five));
        Assert.Contains("no cifar-10-batches-bin/test_batch.bin", e.Message);
    }

    [Fact]
    public void PartialRecord_IsRejected()
    {
        using var dir = new TempDir();
        string archive = dir.File("cifar-10-binary.tar.gz");
        var batch = Synthetic.CifarBatch(Labels)[..^100];
        Synthetic.CifarTarGz(archive, [("cifar-10-batches-bin/test_batch.bin", batch)]);
        var e = Assert.Throws<DatasetFormatException>(() => DatasetImporter.Import("cifar10", [archive], dir.File("d"), Five));
        Assert.Contains("not a whole number of 3073-byte records", e.Message);
    }

    [Fact]
    public void LabelOutOfRange_IsRejected()
    {
        using var dir = new TempDir();
        string archive = dir.File("cifar-10-binary.tar.gz");
        Synthetic.CifarTarGz(archive, Synthetic.OfficialCifarEntries([1, 2, 10, 3, 4]));
        var e = Assert.Throws<DatasetFormatException>(() => DatasetImporter.Import("cifar10", [archive], dir.File("d"), Five));
        Assert.Contains("record 2 has label 10", e.Message);
    }

    [Fact]
    public void ForeignClassNames_AreRejected()
    {
        using var dir = new TempDir();
        string archive = dir.File("cifar-10-binary.tar.gz");
        var entries = Synthetic.OfficialCifarEntries(Labels)
            .Select(e => e.Name.EndsWith("batches.meta.txt") ? (e.Name, Encoding.ASCII.GetBytes("apple\nbanana\n")) : e);
        Synthetic.CifarTarGz(archive, entries);
        var e = Assert.Throws<DatasetFormatException>(() => DatasetImporter.Import("cifar10", [archive], dir.File("d"), Five));
        Assert.Contains("not the CIFAR-10 classes", e.Message);
    }

    [Fact]
    public void CorruptGzip_IsRejected()
    {
        using var dir = new TempDir();
        string archive = dir.File("cifar-10-binary.tar.gz");
        Synthetic.CifarTarGz(archive, Synthetic.OfficialCifarEntries(Labels));
        var bytes = File.ReadAllBytes(archive);
        for (int i = 100; i < 400; i++)
            bytes[i] ^= 0x5A;
        File.WriteAllBytes(archive, bytes);
        Assert.ThrowsAny<DatasetFormatException>(() => DatasetImporter.Import("cifar10", [archive], dir.File("d"), Five));
    }

    [Fact]
    public void RequireOfficialChecksum_RefusesOtherFiles()
    {
        using var dir = new TempDir();
        string archive = dir.File("cifar-10-binary.tar.gz");
        Synthetic.CifarTarGz(archive, Synthetic.OfficialCifarEntries(Labels));
        var e = Assert.Throws<DatasetIntegrityException>(() => DatasetImporter.Import("cifar10", [archive], dir.File("d"),
            new ImportOptions { ExpectedCount = 5, RequireOfficialChecksum = true }));
        Assert.Contains("not the official file", e.Message);
    }
}
