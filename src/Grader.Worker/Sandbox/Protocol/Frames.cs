using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Grader.Worker.Sandbox.Protocol;

/// <summary>What a frame on the child's pipes carries.</summary>
internal enum FrameKind : byte
{
    // parent to child (stdin)
    Request = 1,
    Model = 2,

    // child to parent (stdout)
    Ready = 10,
    Progress = 11,
    Result = 12,
    Failure = 13,
}

/// <summary>
/// The child's pipes carry frames: a kind byte, a 4-byte little-endian length, the payload (JSON,
/// or the model's bytes). Reads take a size cap: the parent reads what a child running untrusted
/// code wrote, and believes nothing about its size.
/// </summary>
internal static class Frames
{
    private const int HeaderBytes = 5;

    public static async Task WriteAsync(Stream stream, FrameKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Header(kind, payload.Length), cancellationToken);
        await stream.WriteAsync(payload, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    public static Task WriteJsonAsync<T>(Stream stream, FrameKind kind, T message, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        WriteAsync(stream, kind, JsonSerializer.SerializeToUtf8Bytes(message, type), cancellationToken);

    /// <summary>Synchronous, for progress reported from inside the evaluation loop.</summary>
    public static void WriteJson<T>(Stream stream, FrameKind kind, T message, JsonTypeInfo<T> type)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(message, type);
        stream.Write(Header(kind, payload.Length));
        stream.Write(payload);
        stream.Flush();
    }

    /// <summary>The next frame, or null where the stream ends between frames. Throws
    /// <see cref="InvalidDataException"/> for a frame over <paramref name="maxBytes"/> or cut short.</summary>
    public static async Task<(FrameKind Kind, byte[] Payload)?> ReadAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderBytes];
        int got = await stream.ReadAtLeastAsync(header, HeaderBytes, throwOnEndOfStream: false, cancellationToken);
        if (got == 0) return null;
        if (got < HeaderBytes) throw new InvalidDataException("the stream ended inside a frame header");
        int length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(1));
        if (length < 0 || length > maxBytes) throw new InvalidDataException($"a frame of {length:N0} bytes (at most {maxBytes:N0} expected)");
        var payload = new byte[length];
        try
        {
            await stream.ReadExactlyAsync(payload, cancellationToken);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the stream ended inside a frame", e);
        }
        return ((FrameKind)header[0], payload);
    }

    /// <summary>The payload as <typeparamref name="T"/>; <see cref="InvalidDataException"/> when it is not.</summary>
    public static T Parse<T>(byte[] payload, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(payload, type) ?? throw new InvalidDataException($"an empty {typeof(T).Name}");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"a malformed {typeof(T).Name}: {e.Message}", e);
        }
    }

    private static byte[] Header(FrameKind kind, int length)
    {
        var header = new byte[HeaderBytes];
        header[0] = (byte)kind;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(1), length);
        return header;
    }
}
