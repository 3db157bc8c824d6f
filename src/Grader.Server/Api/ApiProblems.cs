namespace Grader.Server.Api;

/// <summary>RFC 7807 problem responses used by the endpoints.</summary>
public static class ApiProblems
{
    public static IResult BadRequest(string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail, extensions: extensions);

    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static IResult Forbidden(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    public static IResult TooLarge(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large", detail: detail);

    public static IResult UnsupportedMediaType(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: detail);

    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused", detail: detail);

    /// <summary>Over the student's storage quota (413) or the course's (507), with the numbers as fields.</summary>
    public static IResult OverQuota(Data.Files.StorageRefusal refusal)
    {
        var extensions = new Dictionary<string, object?>
            { ["usedBytes"] = refusal.UsedBytes, ["quotaBytes"] = refusal.QuotaBytes, ["uploadBytes"] = refusal.UploadBytes };
        return refusal.CourseFull
            ? Results.Problem(statusCode: StatusCodes.Status507InsufficientStorage, title: "Course storage full", detail: refusal.Explain(), extensions: extensions)
            : Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Storage quota exceeded", detail: refusal.Explain(), extensions: extensions);
    }

    public static IResult Unavailable(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable", detail: detail);
}
