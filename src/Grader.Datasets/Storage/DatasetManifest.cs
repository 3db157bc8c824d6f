using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grader.Datasets.Storage;

/// <summary>Channels x height x width of every image of a fixed-size dataset.</summary>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    public int Bytes => Channels * Height * Width;
    public override string ToString() => $"{Channels}x{Height}x{Width}";
}

/// <summary>Size and SHA-256 of one stored file.</summary>
public sealed record FileDigest(long Size, string Sha256);

/// <summary>How a source archive compares with the published checksums of the official file.</summary>
public enum OfficialChecksum
{
    /// <summary>No published checksum for a file of this name.</summary>
    Unknown,
    /// <summary>The file's MD5 (and SHA-256, where published) equal the official ones.</summary>
    Match,
    /// <summary>The archive differs but its decompressed bytes are the official file's: the same
    /// data recompressed (Debian's dataset packages), or the file given already gunzipped.</summary>
    ContentMatch,
    /// <summary>A file of an official name whose checksum differs (repacked, or not the official file).</summary>
    Mismatch,
}

/// <summary>One archive the dataset was imported from; <paramref name="ContentSha256"/> is the SHA-256
/// of its decompressed bytes where an official content checksum was compared (else null).</summary>
public sealed record SourceArchive(string File, long Size, string Sha256, string Md5, OfficialChecksum Official, string? ContentSha256 = null)
{
    /// <summary>Whether the data are the official ones, as archive or as decompressed content.</summary>
    [JsonIgnore]
    public bool IsOfficial => Official is OfficialChecksum.Match or OfficialChecksum.ContentMatch;

    /// <summary>For people: "match", "match (decompressed content; the archive was recompressed)", "mismatch", "unknown".</summary>
    [JsonIgnore]
    public string OfficialDescription => Official switch
    {
        OfficialChecksum.Match => "match",
        OfficialChecksum.ContentMatch => "match (decompressed content; the archive itself differs, e.g. recompressed)",
        OfficialChecksum.Mismatch => "mismatch",
        _ => "unknown",
    };
}

/// <summary>
/// <c>manifest.json</c> of an imported dataset (see <c>README.md</c> of this project for the format).
/// </summary>
public sealed record DatasetManifest
{
    public const int CurrentFormatVersion = 1;
    public const string FileName = "manifest.json";

    public required string Name { get; init; }
    public required int FormatVersion { get; init; }
    public required DatasetKind Kind { get; init; }
    public required int Count { get; init; }
    public required IReadOnlyList<string> Classes { get; init; }
    public required int Channels { get; init; }
    /// <summary>The shape of every image, or null ("variable" in JSON) when sizes vary (GTSRB).</summary>
    [JsonConverter(typeof(ImageShapeJsonConverter))]
    public ImageShape? ImageShape { get; init; }
    /// <summary>Largest width and height over all images (equal to the shape for fixed-size sets).</summary>
    public required int MaxWidth { get; init; }
    public required int MaxHeight { get; init; }
    /// <summary>Whether <c>index.bin</c> carries a region of interest per image (GTSRB).</summary>
    public bool HasRoi { get; init; }
    /// <summary>Stored files by name (<c>images.u8</c>, <c>labels.u8</c>, <c>index.bin</c>).</summary>
    public required IReadOnlyDictionary<string, FileDigest> Files { get; init; }
    public required IReadOnlyList<SourceArchive> Sources { get; init; }
    public required DateTimeOffset CreatedUtc { get; init; }

    [JsonIgnore]
    public bool IsFixedSize => ImageShape is not null;
    [JsonIgnore]
    public int ClassCount => Classes.Count;

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static DatasetManifest FromJson(string json, string source = FileName)
    {
        try
        {
            return JsonSerializer.Deserialize<DatasetManifest>(json, JsonOptions)
                ?? throw new DatasetIntegrityException($"{source}: empty manifest");
        }
        catch (JsonException e)
        {
            throw new DatasetIntegrityException($"{source}: unreadable manifest: {e.Message}");
        }
    }
}

/// <summary>Writes an <see cref="ImageShape"/> as <c>[c, h, w]</c> and null as <c>"variable"</c>.</summary>
internal sealed class ImageShapeJsonConverter : JsonConverter<ImageShape?>
{
    public override bool HandleNull => true;

    public override ImageShape? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.GetString() == "variable")
            return null;
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        var dims = JsonSerializer.Deserialize<int[]>(ref reader, options);
        if (dims is not { Length: 3 } || dims.Any(d => d <= 0))
            throw new JsonException("imageShape must be [channels, height, width] or \"variable\"");
        return new ImageShape(dims[0], dims[1], dims[2]);
    }

    public override void Write(Utf8JsonWriter writer, ImageShape? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteStringValue("variable");
            return;
        }
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Channels);
        writer.WriteNumberValue(value.Height);
        writer.WriteNumberValue(value.Width);
        writer.WriteEndArray();
    }
}
