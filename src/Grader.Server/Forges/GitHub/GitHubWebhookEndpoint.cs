using System.Text.Json;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Octokit.Webhooks.Events;

namespace Grader.Server.Forges.GitHub;

/// <summary>
/// POST /api/v1/hooks/github. The body is read (bounded) and its signature checked against the
/// webhook secrets of the courses using GitHub before any of it is parsed; a delivery no secret
/// signs is 401 and costs nothing more, a body that cannot be read (too slow, cut short) is 400
/// with one log line. Then: ping is answered, a push to a graded branch (Octokit.Webhooks'
/// PushEvent, deserialised only once signed) is recorded with its fetch job, everything else is
/// acknowledged and ignored. Fetching and grading run in queued jobs, so GitHub gets its answer
/// within its 10 s limit. Octokit.Webhooks.AspNetCore is not used: it checks one secret for the
/// whole service, and each course here has its own.
/// </summary>
public static class GitHubWebhookEndpoint
{
    public const string Route = "/hooks/github";

    public static RouteGroupBuilder MapGitHubHooks(this RouteGroupBuilder api)
    {
        api.MapPost(Route, HandleAsync).DisableAntiforgery();
        return api;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, IDbContextFactory<GraderDbContext> contexts, ForgePushIntake intake,
        ServerSettings server, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Grader.Forges.GitHubWebhook");
        byte[]? body;
        try
        {
            body = await ReadBodyAsync(http.Request, server.Limits.WebhookBytes, cancellationToken);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException || e is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            // Kestrel's minimum data rate, broken chunked framing, a connection cut mid-body: the
            // sender's fault, not ours (a sender that is gone gets no answer, but the line is logged).
            logger.LogWarning("github webhook refused: the body could not be read ({Reason})", e.Message);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable body",
                detail: "The request body could not be read: " + e.Message);
        }
        if (body is null)
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");

        string? signature = http.Request.Headers[WebhookSignature.Header];
        string? course = http.Request.Query["course"];
        List<ForgeSetting> candidates;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            candidates = await db.ForgeSettings.AsNoTracking()
                .Where(f => f.Provider == ForgeProviders.GitHub && (course == null || f.CourseId == course))
                .ToListAsync(cancellationToken);
        var settings = candidates.FirstOrDefault(c => WebhookSignature.Verify(c.WebhookSecret, body, signature));
        if (settings is null)
        {
            logger.LogWarning("github webhook refused: {Reason}", signature is null ? "no signature" : "signature matches no course's secret");
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Bad signature",
                detail: $"{WebhookSignature.Header} is missing or does not match the course's webhook secret.");
        }

        string eventName = http.Request.Headers["X-GitHub-Event"].ToString();
        string delivery = http.Request.Headers["X-GitHub-Delivery"].ToString();
        if (eventName == "ping") return Results.Ok(new WebhookAnswer("pong", settings.CourseId));
        if (eventName != "push") return Results.Ok(new WebhookAnswer("ignored", $"event '{eventName}' is not graded"));
        if (delivery.Length is 0 or > 100) return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No X-GitHub-Delivery");

        PushEvent? push;
        try { push = JsonSerializer.Deserialize<PushEvent>(body); }
        catch (JsonException e) { return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed push payload", detail: e.Message); }
        if (push?.Repository?.FullName is null || push.Ref is null || push.After is null)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed push payload");
        if (push.Deleted || !push.Ref.StartsWith("refs/heads/", StringComparison.Ordinal) || push.After.Trim('0').Length == 0)
            return Results.Ok(new WebhookAnswer("ignored", "not a commit on a branch"));

        var outcome = await intake.RecordAsync(settings.CourseId, delivery, push.Repository.FullName, push.Ref["refs/heads/".Length..],
            push.After.ToLowerInvariant(), cancellationToken);
        if (outcome.Result == "ignored")
            logger.LogWarning("github push to {Repository} ({Ref}) ignored: {Reason}", push.Repository.FullName, push.Ref, outcome.Detail);
        return outcome.Result == "accepted" ? Results.Accepted(value: outcome) : Results.Ok(outcome);
    }

    /// <summary>The raw body, or null past the limit (read while streaming, whatever Content-Length claims).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
