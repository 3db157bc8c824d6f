using System.Buffers.Binary;
using Grader.Worker.Sandbox.Protocol;

namespace Grader.Worker.Tests.Sandbox;

/// <summary>The frames on the child's pipes: what is written is read back, and what a hostile child
/// could send (huge, cut short) is refused before anything is allocated for it.</summary>
public sealed class FramesTests
{
    [Fact]
    public async Task Frames_come_back_as_written_and_the_end_between_frames_is_null()
    {
        using var stream = new MemoryStream();
        await Frames.WriteAsync(stream, FrameKind.Model, new byte[] { 1, 2, 3 }, default);
        Frames.WriteJson(stream, FrameKind.Progress, new ChildProgress(64, 10_000), SandboxJson.Default.ChildProgress);
        stream.Position = 0;

        var model = await Frames.ReadAsync(stream, 100, default);
        Assert.Equal(FrameKind.Model, model!.Value.Kind);
        Assert.Equal(new byte[] { 1, 2, 3 }, model.Value.Payload);
        var progress = await Frames.ReadAsync(stream, 100, default);
        Assert.Equal(new ChildProgress(64, 10_000), Frames.Parse(progress!.Value.Payload, SandboxJson.Default.ChildProgress));
        Assert.Null(await Frames.ReadAsync(stream, 100, default));
    }

    [Theory]
    [InlineData(101)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public async Task A_frame_over_the_cap_is_refused_from_its_header(int claimedLength)
    {
        var header = new byte[5];
        header[0] = (byte)FrameKind.Result;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(1), claimedLength);
        await Assert.ThrowsAsync<InvalidDataException>(() => Frames.ReadAsync(new MemoryStream(header), 100, default));
    }

    [Fact]
    public async Task A_frame_cut_short_is_refused()
    {
        using var stream = new MemoryStream();
        await Frames.WriteAsync(stream, FrameKind.Result, new byte[50], default);
        var cut = stream.ToArray()[..20];
        await Assert.ThrowsAsync<InvalidDataException>(() => Frames.ReadAsync(new MemoryStream(cut), 100, default));
        await Assert.ThrowsAsync<InvalidDataException>(() => Frames.ReadAsync(new MemoryStream(cut[..3]), 100, default));
    }

    [Fact]
    public void A_payload_that_is_not_the_message_is_refused() =>
        Assert.Throws<InvalidDataException>(() => Frames.Parse("{\"done\": \"many\""u8.ToArray(), SandboxJson.Default.ChildProgress));
}
