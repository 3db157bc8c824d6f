using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Grader.Core.Marking;
using Grader.Data.Entities;
using Grader.Server.Api.Submissions;
using Spectre.Console;

namespace Grader.Cli.Commands.Service;

/// <summary>
/// <c>grader submit &lt;assignment&gt; answers.yaml [--model ITEM=file.onnx] --server URL --token T</c>:
/// uploads, waits for the marks and prints them. Transient failures (connection errors, 5xx,
/// 429) are retried with the same Idempotency-Key, so a retry never makes a second submission.
/// Exit code: 0 graded, 1 grading failed, 2 upload refused or bad input, 3 still pending at the timeout.
/// </summary>
public static class SubmitCommand
{
    public const int ExitPending = 3;

    public static Command Create(CliOutput output)
    {
        var assignment = new Argument<string>("assignment") { Description = "Assignment id, e.g. rptu-dl-ex2." };
        var answers = new Argument<string>("answers") { Description = "Your answers file (YAML or JSON)." };
        var models = new Option<string[]>("--model") { Description = "ITEM=FILE: a model file (ONNX) for a model item; repeatable." };
        var server = new Option<string>("--server") { Description = "The service's address.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GRADER_SERVER") ?? "http://127.0.0.1:8080" };
        var token = new Option<string?>("--token") { Description = "Your API token (default: $GRADER_TOKEN)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the marks.", DefaultValueFactory = _ => 120 };
        var json = new Option<bool>("--json") { Description = "Print the marks as JSON." };
        var command = new Command("submit", "Upload a submission to the grading service and print its marks.")
        {
            assignment, answers, models, server, token, timeout, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(output, parse.GetValue(assignment)!, parse.GetValue(answers)!,
            parse.GetValue(models) ?? [], parse.GetValue(server)!, parse.GetValue(token) ?? Environment.GetEnvironmentVariable("GRADER_TOKEN"),
            parse.GetValue(timeout), parse.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliOutput output, string assignment, string answersPath, string[] models, string server,
        string? token, int timeoutSeconds, bool json, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token)) return output.Fail("no token: pass --token or set GRADER_TOKEN");
        if (!File.Exists(answersPath)) return output.Fail($"{answersPath}: file not found");
        var modelFiles = new List<(string Item, string Path)>();
        foreach (var model in models)
        {
            var parts = model.Split('=', 2);
            if (parts.Length != 2 || parts[0].Length == 0 || !File.Exists(parts[1]))
                return output.Fail($"--model {model}: expected ITEM=FILE with an existing file");
            modelFiles.Add((parts[0], parts[1]));
        }

        using var http = new HttpClient { BaseAddress = new Uri(server), Timeout = TimeSpan.FromSeconds(300) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var key = Guid.NewGuid().ToString();
        SubmissionAccepted? accepted = null;
        for (int attempt = 1; accepted is null; attempt++)
        {
            string? transient;
            try
            {
                using var content = await BuildAsync(answersPath, modelFiles, cancellationToken);
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/assignments/{Uri.EscapeDataString(assignment)}/submissions") { Content = content };
                request.Headers.Add(SubmissionEndpoints.IdempotencyHeader, key);
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted = await response.Content.ReadFromJsonAsync<SubmissionAccepted>(cancellationToken);
                    break;
                }
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                    return output.Fail($"upload refused ({(int)response.StatusCode}): {body}");
                transient = $"{(int)response.StatusCode} {body}";
            }
            catch (HttpRequestException e)
            {
                transient = e.Message;
            }
            if (attempt >= 5) return output.Fail($"upload failed after {attempt} attempts: {transient}", GraderApp.ExitCheckFailed);
            output.Error.WriteLine($"grader: upload attempt {attempt} failed ({transient}); retrying");
            await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)), cancellationToken);
        }
        output.Error.WriteLine($"grader: submitted {accepted!.Id}{(accepted.Late ? " (late)" : "")}; waiting for the marks");

        var deadline = DateTimeOffset.UtcNow.AddSeconds(timeoutSeconds);
        SubmissionStatusDto? status = null;
        var told = new Dictionary<string, string>();
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                status = await http.GetFromJsonAsync<SubmissionStatusDto>(accepted.StatusUrl, cancellationToken);
                if (IsSettled(status!.Status)) break;
                TellWaits(output, status.Waiting, told);
            }
            catch (HttpRequestException e)
            {
                output.Error.WriteLine($"grader: status not available ({e.Message}); trying again");
            }
            await Task.Delay(250, cancellationToken);
        }
        if (status?.Status == SubmissionStatus.Failed) return output.Fail($"grading failed: {status.Error}", GraderApp.ExitCheckFailed);
        var marks = await http.GetFromJsonAsync<SubmissionMarksDto>(accepted.MarksUrl, cancellationToken);
        Print(output, marks!, json);
        return status is not null && IsSettled(status.Status) ? GraderApp.ExitOk : ExitPending;
    }

    /// <summary>Says why a model item has no mark yet (no GPU worker running, queued, being evaluated), once per change.</summary>
    private static void TellWaits(CliOutput output, IReadOnlyList<ModelWaitDto> waits, Dictionary<string, string> told)
    {
        foreach (var wait in waits)
        {
            if (told.TryGetValue(wait.ItemId, out var state) && state == wait.State) continue;
            told[wait.ItemId] = wait.State;
            output.Error.WriteLine($"grader: {wait.ItemId}: {wait.Message}");
        }
    }

    /// <summary>
    /// Automatic grading is over: graded, or graded with items left to a TA or held back until staff
    /// release them (those come later, on the submission's page), or failed.
    /// </summary>
    private static bool IsSettled(string status) => status is SubmissionStatus.Graded or SubmissionStatus.Failed
        or SubmissionStatus.AwaitingManual or SubmissionStatus.AwaitingRelease;

    private static async Task<MultipartFormDataContent> BuildAsync(string answersPath, List<(string Item, string Path)> models,
        CancellationToken cancellationToken)
    {
        var content = new MultipartFormDataContent();
        var answers = new ByteArrayContent(await File.ReadAllBytesAsync(answersPath, cancellationToken));
        answers.Headers.ContentType = new MediaTypeHeaderValue(answersPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/yaml");
        content.Add(answers, UploadParser.AnswersPart, Path.GetFileName(answersPath));
        foreach (var (item, path) in models)
        {
            var model = new ByteArrayContent(await File.ReadAllBytesAsync(path, cancellationToken));
            model.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(model, UploadParser.ModelPartPrefix + item, Path.GetFileName(path));
        }
        return content;
    }

    private static void Print(CliOutput output, SubmissionMarksDto marks, bool json)
    {
        if (json)
        {
            output.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(marks, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true }));
            return;
        }
        var table = new Table().AddColumns("item", "points", "status", "feedback");
        foreach (var m in marks.Items)
            table.AddRow(Markup.Escape(m.ItemId), $"{(m.Points is { } points ? PointsFormat.Format(points) : "–")}/{PointsFormat.Format(m.MaxPoints)}",
                m.Status, Markup.Escape(m.Feedback));
        output.Console.Write(table);
        output.Out.WriteLine($"{marks.AssignmentId} (rubric version {marks.RubricVersion}): {PointsFormat.Format(marks.Total)} of {PointsFormat.Format(marks.MaxTotal)} points" +
            (marks.Pending > 0 ? $", {marks.Pending} item(s) still being graded or not yet released" : ""));
    }
}
