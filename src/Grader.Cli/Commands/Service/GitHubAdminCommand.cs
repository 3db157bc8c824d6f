using System.CommandLine;
using Grader.Data.Admin;
using Grader.Data.Entities;

namespace Grader.Cli.Commands.Service;

/// <summary>
/// <c>grader admin github course|assignment|account|link</c>: CI hooks on student repositories
/// (docs/github.md). Secrets are read from files, never from the command line, so they stay out
/// of shell history and process lists; they are never printed back.
/// </summary>
public static class GitHubAdminCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("github", "Grade pushes to students' GitHub repositories and report marks on the commits.");
        command.Subcommands.Add(Course(output));
        command.Subcommands.Add(Assignment(output));
        command.Subcommands.Add(Account(output));
        command.Subcommands.Add(Link(output));
        return command;
    }

    private static Command Course(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var course = new Argument<string>("course") { Description = "The course id." };
        var secretFile = new Option<string>("--secret-file") { Description = "File holding the webhook secret (16+ characters).", Required = true };
        var tokenFile = new Option<string?>("--token-file") { Description = "File holding a personal or fine-grained token (small courses)." };
        var appId = new Option<long?>("--app-id") { Description = "GitHub App id (instead of a token)." };
        var installation = new Option<long?>("--installation-id") { Description = "The App's installation id on the course's organisation." };
        var privateKey = new Option<string?>("--private-key") { Description = "Path of the App's PEM private key on the service's machines (stored as a path)." };
        var apiUrl = new Option<string>("--api-url") { Description = "GitHub REST API (GitHub Enterprise: https://HOST/api/v3).", DefaultValueFactory = _ => "https://api.github.com" };
        var publicUrl = new Option<string>("--public-url") { Description = "The service's public address, for links on commits.", Required = true };
        var command = new Command("course", "Set a course's webhook secret and GitHub credentials (replaces earlier ones).")
        {
            course, secretFile, tokenFile, appId, installation, privateKey, apiUrl, publicUrl, db,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var secret = await ReadSecretAsync(parse.GetValue(secretFile)!, cancellationToken);
            if (secret is null) return output.Fail($"{parse.GetValue(secretFile)}: cannot read the secret");
            string? token = null;
            if (parse.GetValue(tokenFile) is { } path && (token = await ReadSecretAsync(path, cancellationToken)) is null)
                return output.Fail($"{path}: cannot read the token");
            if (parse.GetValue(privateKey) is { } key && !File.Exists(key)) return output.Fail($"{key}: no such file");
            var (contexts, source, error) = await DatabaseOption.OpenAsync(parse.GetValue(db), cancellationToken);
            if (contexts is null) return output.Fail(error!);
            await using var _ = source;
            var problem = await ForgeDirectory.SetCourseAsync(contexts, new ForgeSetting
            {
                CourseId = parse.GetValue(course)!, WebhookSecret = secret, Token = token, AppId = parse.GetValue(appId),
                InstallationId = parse.GetValue(installation), PrivateKeyPath = parse.GetValue(privateKey) is { } k ? Path.GetFullPath(k) : null,
                ApiUrl = parse.GetValue(apiUrl)!, PublicUrl = parse.GetValue(publicUrl)!,
            }, cancellationToken);
            if (problem is not null) return output.Fail(problem);
            output.Out.WriteLine($"{parse.GetValue(course)}: GitHub {(token is null ? "App" : "token")} set; webhook URL {parse.GetValue(publicUrl)!.TrimEnd('/')}/api/v1/hooks/github");
            return GraderApp.ExitOk;
        });
        return command;
    }

    private static Command Assignment(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var assignment = new Argument<string>("assignment") { Description = "The assignment id." };
        var answers = new Option<string>("--answers") { Description = "Path of the answers file in the repository.", Required = true };
        var models = new Option<string[]>("--model") { Description = "ITEM=PATH: the model file of a model item in the repository; repeatable." };
        var branch = new Option<string>("--branch") { Description = "The graded branch.", DefaultValueFactory = _ => "main" };
        var pattern = new Option<string?>("--pattern") { Description = "GitHub Classroom repository name, e.g. 'hw2-{github_user}'." };
        var command = new Command("assignment", "Declare where an assignment's files are in student repositories.") { assignment, answers, models, branch, pattern, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var modelPaths = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var model in parse.GetValue(models) ?? [])
            {
                var parts = model.Split('=', 2);
                if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0) return output.Fail($"--model {model}: expected ITEM=PATH");
                modelPaths[parts[0]] = parts[1];
            }
            var (contexts, source, error) = await DatabaseOption.OpenAsync(parse.GetValue(db), cancellationToken);
            if (contexts is null) return output.Fail(error!);
            await using var _ = source;
            var problem = await ForgeDirectory.SetAssignmentAsync(contexts, parse.GetValue(assignment)!, parse.GetValue(branch)!,
                parse.GetValue(answers)!, modelPaths, parse.GetValue(pattern), cancellationToken);
            if (problem is not null) return output.Fail(problem);
            output.Out.WriteLine($"{parse.GetValue(assignment)}: graded from {parse.GetValue(answers)} on {parse.GetValue(branch)}"
                + (modelPaths.Count > 0 ? $", {modelPaths.Count} model file(s)" : ""));
            return GraderApp.ExitOk;
        });
        return command;
    }

    private static Command Account(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var course = new Argument<string>("course") { Description = "The course id." };
        var student = new Argument<string>("student") { Description = "The student's id in the roster." };
        var login = new Argument<string>("login") { Description = "The student's GitHub login." };
        var command = new Command("account", "Record a student's GitHub login (for classroom repository patterns).") { course, student, login, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (contexts, source, error) = await DatabaseOption.OpenAsync(parse.GetValue(db), cancellationToken);
            if (contexts is null) return output.Fail(error!);
            await using var _ = source;
            var problem = await ForgeDirectory.SetAccountAsync(contexts, parse.GetValue(course)!, parse.GetValue(student)!, parse.GetValue(login)!, cancellationToken);
            return problem is null ? GraderApp.ExitOk : output.Fail(problem);
        });
        return command;
    }

    private static Command Link(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var repo = new Argument<string>("repository") { Description = "owner/name on GitHub." };
        var assignment = new Argument<string>("assignment") { Description = "The assignment id." };
        var student = new Argument<string>("student") { Description = "The student's id in the roster." };
        var command = new Command("link", "Link a repository to a student's assignment explicitly.") { repo, assignment, student, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (contexts, source, error) = await DatabaseOption.OpenAsync(parse.GetValue(db), cancellationToken);
            if (contexts is null) return output.Fail(error!);
            await using var _ = source;
            var problem = await ForgeDirectory.LinkRepositoryAsync(contexts, parse.GetValue(repo)!, parse.GetValue(assignment)!,
                parse.GetValue(student)!, cancellationToken);
            if (problem is not null) return output.Fail(problem);
            output.Out.WriteLine($"{parse.GetValue(repo)} → {parse.GetValue(student)} / {parse.GetValue(assignment)}");
            return GraderApp.ExitOk;
        });
        return command;
    }

    /// <summary>The file's first line, trimmed; null if unreadable or empty.</summary>
    private static async Task<string?> ReadSecretAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var text = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
            return text.Length == 0 ? null : text.Split('\n')[0].Trim();
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
