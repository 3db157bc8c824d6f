using System.IO.Compression;
using System.Text;
using Grader.Inference.Checkpoints;
using Grader.Inference.Safety;

namespace Grader.Inference.Tests.Checkpoints;

/// <summary>Files built to hurt the worker: each is refused with a message, nothing runs.</summary>
public class HostileCheckpointTests
{
    private static string Refused(string file, ModelLimits? limits = null)
    {
        var bytes = File.ReadAllBytes(CheckpointFixture.PathOf(file));
        var format = CheckpointReader.FormatOf(file)!.Value;
        return Assert.Throws<ModelLoadException>(() => CheckpointReader.Read(bytes, format, limits)).Message;
    }

    [Fact]
    public void A_pickle_calling_os_system_is_refused_and_never_run()
    {
        var message = Refused("hostile_os_system.pt");
        Assert.Contains("posix.system", message);
        Assert.Contains("refused", message);
        Assert.False(File.Exists("/tmp/grader_checkpoint_pwned"));
    }

    [Theory]
    [InlineData("torch.storage", "_load_from_bytes")]   // torch.load's pickle path for raw storages
    [InlineData("builtins", "eval")]
    [InlineData("torch", "load")]
    public void Globals_outside_the_whitelist_are_refused_by_name(string module, string name)
    {
        // PROTO 2, GLOBAL module\nname\n, EMPTY_TUPLE, REDUCE, STOP
        byte[] pickle = [0x80, 2, .. Encoding.ASCII.GetBytes($"c{module}\n{name}\n"), (byte)')', (byte)'R', (byte)'.'];
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        using (var s = zip.CreateEntry("archive/data.pkl").Open())
            s.Write(pickle);
        var message = Assert.Throws<ModelLoadException>(() => CheckpointReader.Read(ms.ToArray(), CheckpointFormat.TorchSave)).Message;
        Assert.Contains($"'{module}.{name}'", message);
    }

    [Fact]
    public void A_zip_bomb_is_refused_by_its_compression_ratio_under_default_limits()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var message = Refused("hostile_zip_bomb.pt");
        Assert.Contains("zip bomb", message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}: the bomb must be refused before inflating");
    }

    [Fact]
    public void A_zip_bomb_also_stops_at_the_decompressed_size_limit()
    {
        var message = Refused("hostile_zip_bomb.pt", ModelLimits.Default with { MaxDecompressedBytes = 32 << 20 });
        Assert.Contains("decompressed-size limit", message);
    }

    [Fact]
    public void A_truncated_storage_is_refused() =>
        Assert.Contains("truncated", Refused("hostile_truncated_storage.pt"));

    [Fact]
    public void A_storage_offset_past_the_end_is_refused() =>
        Assert.Contains("past the end of its storage", Refused("hostile_offset_past_end.pt"));

    [Fact]
    public void A_size_that_overflows_is_refused() =>
        Assert.Contains("overflows", Refused("hostile_size_overflow.pt"));

    [Fact]
    public void An_entry_name_climbing_out_of_the_archive_is_refused() =>
        Assert.Contains("path trick", Refused("hostile_path_traversal.pt"));

    [Fact]
    public void An_entry_lying_about_its_size_inflates_no_further_than_declared()
    {
        // .NET stops inflating at the declared size (Inflate also checks for more): the reader
        // sees 16 zero bytes, which are no pickle, and the 4 KiB behind them are never produced.
        // Deflate 4 KiB, then lower the uncompressed size in both headers to 16 bytes.
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        using (var s = zip.CreateEntry("archive/data.pkl", CompressionLevel.Optimal).Open())
            s.Write(new byte[4096]);
        var bytes = ms.ToArray();
        Patch(bytes, "PK\x03\x04"u8, 22);
        Patch(bytes, "PK\x01\x02"u8, 24);
        var message = Assert.Throws<ModelLoadException>(() => CheckpointReader.Read(bytes, CheckpointFormat.TorchSave)).Message;
        Assert.Contains("opcode 0x00 at byte 0", message);
    }

    private static void Patch(byte[] bytes, ReadOnlySpan<byte> signature, int offset)
    {
        int at = bytes.AsSpan().IndexOf(signature);
        BitConverter.TryWriteBytes(bytes.AsSpan(at + offset, 4), 16);
    }

    [Fact]
    public void Millions_of_declared_entries_are_refused_before_they_are_listed()
    {
        // An empty zip whose end record claims 65,000 entries: refused from the record alone.
        var bytes = new byte[22];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), 0x06054b50);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 2), (ushort)65_000);
        BitConverter.TryWriteBytes(bytes.AsSpan(10, 2), (ushort)65_000);
        var message = Assert.Throws<ModelLoadException>(() => CheckpointReader.Read([(byte)'P', (byte)'K', .. bytes], CheckpointFormat.TorchSave)).Message;
        Assert.Contains("declares 65,000 entries", message);
    }

    [Fact]
    public void A_truncated_legacy_file_is_refused()
    {
        var bytes = File.ReadAllBytes(CheckpointFixture.PathOf("layer_list_legacy.pt"));
        var message = Assert.Throws<ModelLoadException>(() => CheckpointReader.Read(bytes[..^100], CheckpointFormat.TorchSave)).Message;
        Assert.Contains("past the end of the file", message);
    }

    [Fact]
    public void Foreign_files_are_named()
    {
        Assert.Contains("not a torch.save", Assert.Throws<ModelLoadException>(() => CheckpointReader.Read([0x80, 2, (byte)'K', 1], CheckpointFormat.TorchSave)).Message);
        Assert.Contains("not a torch.save", Assert.Throws<ModelLoadException>(() => CheckpointReader.Read("hello"u8.ToArray(), CheckpointFormat.TorchSave)).Message);
    }

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,64]}}", "outside")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[5],\"data_offsets\":[0,16]}}", "does not match")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,16]}}", "overflows")]
    [InlineData("{\"w\":{\"dtype\":\"I8\",\"shape\":[16],\"data_offsets\":[0,16]}}", "dtype I8")]
    [InlineData("{\"w\":", "not valid JSON")]
    public void Hostile_safetensors_headers_are_refused(string header, string expected)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + 16];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), (long)h.Length);
        h.CopyTo(bytes, 8);
        Assert.Contains(expected, Assert.Throws<ModelLoadException>(() => CheckpointReader.Read(bytes, CheckpointFormat.Safetensors)).Message);
    }

    [Fact]
    public void A_safetensors_header_length_past_the_end_is_refused()
    {
        var bytes = new byte[16];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), 1L << 40);
        Assert.Contains("past the end", Assert.Throws<ModelLoadException>(() => CheckpointReader.Read(bytes, CheckpointFormat.Safetensors)).Message);
    }
}
