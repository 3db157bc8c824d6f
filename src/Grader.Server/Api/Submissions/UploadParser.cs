using System.Buffers;
using Grader.Server.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Grader.Server.Api.Submissions;

/// <summary>A file part of an upload, received within its limit (see <see cref="SpooledFile"/>).</summary>
public sealed record UploadedFile(string FileName, string ContentType, SpooledFile Content);

/// <summary>
/// The answers file and one model file per model item (and a web form's anti-forgery token, if it
/// had one). Disposing it deletes the spooled files.
/// </summary>
public sealed record ParsedUpload(UploadedFile Answers, IReadOnlyDictionary<string, UploadedFile> Models, string? FormToken = null)
    : IAsyncDisposable
{
    /// <summary>Bytes of its files together.</summary>
    public long Size => Answers.Content.Length + Models.Values.Sum(m => m.Content.Length);

    public async ValueTask DisposeAsync()
    {
        await Answers.Content.DisposeAsync();
        foreach (var model in Models.Values) await model.Content.DisposeAsync();
    }
}

/// <summary>
/// Reads a <c>multipart/form-data</c> upload as a stream, part by part, each file spooled (hashed,
/// and on local disk when large) within its limit: an <c>answers</c> part and <c>model:ITEM_ID</c> parts. Anything unexpected
/// (wrong media type, unknown or repeated parts, path-like file names, oversized parts,
/// malformed multipart) ends in a problem response, never an exception. A web form's upload may
/// carry one small non-file part, its anti-forgery token, named by <c>formTokenField</c>.
/// </summary>
public static class UploadParser
{
    public const string AnswersPart = "answers";
    public const string ModelPartPrefix = "model:";

    private static readonly string[] AnswerTypes =
        ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain", "application/json", "application/octet-stream"];
    private static readonly string[] ModelTypes =
        ["application/octet-stream", "application/onnx", "application/x-onnx", "application/x-protobuf"];

    public static async Task<(ParsedUpload? Upload, IResult? Problem)> ParseAsync(HttpRequest request,
        IReadOnlySet<string> modelItems, UploadLimits limits, CancellationToken cancellationToken, string? formTokenField = null)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return (null, ApiProblems.UnsupportedMediaType("Upload with Content-Type multipart/form-data."));
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > 70)
            return (null, ApiProblems.BadRequest("The multipart boundary is missing or longer than 70 characters."));

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            bodySize.MaxRequestBodySize = limits.AnswersBytes + modelItems.Count * limits.ModelBytes + (64 << 10);

        UploadedFile? answers = null;
        string? formToken = null;
        var models = new Dictionary<string, UploadedFile>(StringComparer.Ordinal);
        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 8, HeadersLengthLimit = 4096 };
        bool kept = false;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                    return (null, ApiProblems.BadRequest("Every part needs a Content-Disposition: form-data; name=...; filename=..."));
                if (formTokenField is not null && formToken is null && !disposition.IsFileDisposition()
                    && HeaderUtilities.RemoveQuotes(disposition.Name).Value == formTokenField)
                {
                    var token = await ReadLimitedAsync(section.Body, 4096, cancellationToken);
                    if (token is null) return (null, ApiProblems.BadRequest("The form's anti-forgery token is too long."));
                    formToken = System.Text.Encoding.UTF8.GetString(token);
                    continue;
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                if (PartProblem(name, modelItems) is { } partProblem) return (null, ApiProblems.BadRequest(partProblem));
                // A browser sends a file input left empty as a part with a blank file name and no
                // bytes: that is "no file", not a refusal (an answers part so sent ends as "missing").
                if (fileName.Length == 0 && await IsEmptyAsync(section.Body, cancellationToken)) continue;
                if (FileNameProblem(fileName) is { } nameProblem) return (null, ApiProblems.BadRequest(nameProblem));
                if (!disposition.IsFileDisposition())
                    return (null, ApiProblems.BadRequest("Every part must be a file: Content-Disposition: form-data; name=...; filename=..."));
                var contentType = (section.ContentType ?? "text/plain").Split(';')[0].Trim().ToLowerInvariant();

                if (name == AnswersPart)
                {
                    if (answers is not null) return (null, ApiProblems.BadRequest("Only one 'answers' part is allowed."));
                    if (!AnswerTypes.Contains(contentType))
                        return (null, ApiProblems.UnsupportedMediaType($"The answers file must be YAML or JSON, not {contentType}."));
                    var content = await SpooledFile.ReadAsync(section.Body, limits.AnswersBytes, limits.SpoolFolder, cancellationToken);
                    if (content is null) return (null, ApiProblems.TooLarge($"The answers file is over {limits.AnswersBytes} bytes."));
                    answers = new UploadedFile(fileName, contentType, content);
                }
                else
                {
                    var item = name[ModelPartPrefix.Length..];
                    if (models.ContainsKey(item)) return (null, ApiProblems.BadRequest($"Only one model file per item ('{item}')."));
                    if (!ModelTypes.Contains(contentType))
                        return (null, ApiProblems.UnsupportedMediaType($"A model file must be sent as application/octet-stream, not {contentType}."));
                    var content = await SpooledFile.ReadAsync(section.Body, limits.ModelBytes, limits.SpoolFolder, cancellationToken);
                    if (content is null) return (null, ApiProblems.TooLarge($"The model file for '{item}' is over {limits.ModelBytes} bytes."));
                    models[item] = new UploadedFile(fileName, contentType, content);
                }
            }
            if (answers is null) return (null, ApiProblems.BadRequest("The 'answers' part (the answers file) is missing."));
            kept = true;
            return (new ParsedUpload(answers, models, formToken), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiProblems.TooLarge("The upload is larger than this assignment allows."));
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return (null, ApiProblems.BadRequest("The multipart body is malformed: " + e.Message));
        }
        finally
        {
            // Whatever was spooled for an upload that is refused is deleted here.
            if (!kept && answers is not null) await answers.Content.DisposeAsync();
            if (!kept) foreach (var model in models.Values) await model.Content.DisposeAsync();
        }
    }

    /// <summary>Why a part of this name has no place in the upload; null for the answers and a model item of the assignment.</summary>
    private static string? PartProblem(string name, IReadOnlySet<string> modelItems)
    {
        if (name == AnswersPart) return null;
        if (!name.StartsWith(ModelPartPrefix, StringComparison.Ordinal))
            return $"Unknown part '{Printable(name)}': expected 'answers' and 'model:ITEM_ID' parts.";
        var item = name[ModelPartPrefix.Length..];
        return modelItems.Contains(item) ? null : $"'{Printable(item)}' is not a model item of this assignment.";
    }

    private static async Task<bool> IsEmptyAsync(Stream body, CancellationToken cancellationToken)
    {
        var one = new byte[1];
        return await body.ReadAsync(one, cancellationToken) == 0;
    }

    /// <summary>A file name is kept for display only, but it must still be a plain name.</summary>
    private static string? FileNameProblem(string fileName)
    {
        if (fileName.Length is 0 or > 255) return "Each file needs a name of 1 to 255 characters.";
        if (fileName.Contains('/') || fileName.Contains('\\') || fileName.Contains("..") || fileName.Any(char.IsControl)
            || fileName.Trim() is "." or "")
            return $"'{Printable(fileName)}' is not a plain file name (no folders, '..' or control characters).";
        return null;
    }

    private static string Printable(string text) =>
        new(text.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    /// <summary>The part's bytes, or null when it has more than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        // Pooled: a fresh 80 KiB chunk per part was most of an answers upload's garbage.
        var chunk = ArrayPool<byte>.Shared.Rent(16 << 10);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit) return null;
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
