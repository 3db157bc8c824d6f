using System.IO.Compression;
using Grader.Datasets.Storage;

namespace Grader.Datasets.Tests;

/// <summary>
/// Debian's dataset-fashion-mnist recompresses the official .gz files: the archives' MD5 differ
/// from the published ones, their decompressed bytes do not. The recorded content SHA-256s are
/// the published ones of the decompressed official files (the same values other projects pin).
/// </summary>
public class OfficialSourcesTests
{
    private static string Labels => Path.Combine(Fixtures.FashionMnistDir, "t10k-labels-idx1-ubyte.gz");

    [FashionMnistFact]
    public void DebiansRecompressedArchives_AreRecognisedAsOfficialByTheirContent()
    {
        using var dir = new TempDir();
        var manifest = DatasetImporter.Import("fashion-mnist", [Fixtures.FashionMnistDir], dir.Path,
            new ImportOptions { RequireOfficialChecksum = true });
        Assert.Equal(2, manifest.Sources.Count);
        foreach (var source in manifest.Sources)
        {
            var official = KnownDatasets.FashionMnist.OfficialFiles.Single(f => f.FileName == source.File);
            Assert.NotEqual(official.Md5, source.Md5);                      // Debian's .gz is not the published one
            Assert.Equal(OfficialChecksum.ContentMatch, source.Official);   // its content is
            Assert.Equal(official.ContentSha256, source.ContentSha256);
            Assert.True(source.IsOfficial);
            Assert.StartsWith("match (decompressed content", source.OfficialDescription);
        }
        // The manifest keeps the distinction.
        var reread = DatasetManifest.FromJson(File.ReadAllText(Path.Combine(dir.Path, "fashion-mnist", DatasetManifest.FileName)));
        Assert.All(reread.Sources, s => Assert.Equal(OfficialChecksum.ContentMatch, s.Official));
    }

    [FashionMnistFact]
    public void AGunzippedOfficialFile_MatchesTheEntryOfItsGz()
    {
        using var dir = new TempDir();
        var plain = dir.File("t10k-labels-idx1-ubyte");
        using (var input = new GZipStream(File.OpenRead(Labels), CompressionMode.Decompress))
        using (var output = File.Create(plain))
            input.CopyTo(output);
        var source = OfficialSources.Describe(KnownDatasets.FashionMnist, plain, default);
        Assert.Equal(OfficialChecksum.ContentMatch, source.Official);
    }

    [FashionMnistFact]
    public void RecompressingAgain_StillMatches_ButOneChangedByteDoesNot()
    {
        using var dir = new TempDir();
        var content = Gunzip(File.ReadAllBytes(Labels));
        var recompressed = dir.File("t10k-labels-idx1-ubyte.gz");
        File.WriteAllBytes(recompressed, Gzip(content, CompressionLevel.Fastest));
        Assert.Equal(OfficialChecksum.ContentMatch, OfficialSources.Describe(KnownDatasets.FashionMnist, recompressed, default).Official);

        content[^1] ^= 1;   // one label changed
        File.WriteAllBytes(recompressed, Gzip(content, CompressionLevel.Optimal));
        var tampered = OfficialSources.Describe(KnownDatasets.FashionMnist, recompressed, default);
        Assert.Equal(OfficialChecksum.Mismatch, tampered.Official);
        Assert.False(tampered.IsOfficial);
    }

    [Fact]
    public void AnArchiveMatchingThePublishedChecksum_IsAMatchWithoutDecompressing()
    {
        // A made-up official entry whose published MD5/SHA-256 are those of this file.
        using var dir = new TempDir();
        var path = dir.File("data.gz");
        File.WriteAllBytes(path, Gzip([1, 2, 3], CompressionLevel.Optimal));
        var (sha, md5, _) = FileHashing.Hash(path, default);
        var info = KnownDatasets.Mnist with { OfficialFiles = [new OfficialFile("data.gz", md5, sha, null, new string('0', 64))] };
        var source = OfficialSources.Describe(info, path, default);
        Assert.Equal(OfficialChecksum.Match, source.Official);
        Assert.Null(source.ContentSha256);
        Assert.Equal("match", source.OfficialDescription);
    }

    [Fact]
    public void RequireOfficial_RefusesAFileWhoseContentDiffers()
    {
        using var dir = new TempDir();
        var images = dir.File("t10k-images-idx3-ubyte.gz");
        var labels = dir.File("t10k-labels-idx1-ubyte.gz");
        File.WriteAllBytes(images, Gzip(Synthetic.Idx([2, 28, 28], new byte[2 * 784]), CompressionLevel.Optimal));
        File.WriteAllBytes(labels, Gzip(Synthetic.Idx([2], [1, 2]), CompressionLevel.Optimal));
        var e = Assert.Throws<DatasetIntegrityException>(() => DatasetImporter.Import("fashion-mnist", [images, labels], dir.File("store"),
            new ImportOptions { ExpectedCount = 2, RequireOfficialChecksum = true }));
        Assert.Contains("official checksum: mismatch", e.Message);
    }

    private static byte[] Gunzip(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Gzip(byte[] data, CompressionLevel level)
    {
        var output = new MemoryStream();
        using (var gz = new GZipStream(output, level, leaveOpen: true)) gz.Write(data);
        return output.ToArray();
    }
}
