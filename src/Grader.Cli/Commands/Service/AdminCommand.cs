using System.CommandLine;
using Grader.Cli.Files;
using Grader.Data.Admin;
using Grader.Data.Entities;
using Grader.Data.Security;

namespace Grader.Cli.Commands.Service;

/// <summary>
/// <c>grader admin import-rubrics &lt;folder-or-file&gt;</c> and
/// <c>grader admin roster &lt;course&gt; &lt;roster.csv&gt;</c>,
/// <c>grader admin staff &lt;course&gt; &lt;login&gt;</c>, and <c>grader admin github ...</c>
/// (<see cref="GitHubAdminCommand"/>).
/// </summary>
public static class AdminCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("admin", "Administer the grading service's database.");
        command.Subcommands.Add(ImportRubrics(output));
        command.Subcommands.Add(Roster(output));
        command.Subcommands.Add(Staff(output));
        command.Subcommands.Add(GitHubAdminCommand.Create(output));
        return command;
    }

    private static Command ImportRubrics(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var path = new Argument<string>("path") { Description = "A rubric file or a folder of rubrics." };
        var course = new Option<string?>("--course") { Description = "Course id (default: the rubric id up to its first '-')." };
        var command = new Command("import-rubrics", "Store rubrics as new versions of their assignments (unchanged ones are skipped).") { path, db, course };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (contexts, source, error) = await DatabaseOption.OpenAsync(parse.GetValue(db), cancellationToken);
            if (contexts is null) return output.Fail(error!);
            await using var _ = source;
            int failures = 0;
            foreach (var file in RubricFiles.Find(parse.GetValue(path)!))
            {
                var (text, readError) = await SourceFile.ReadAsync(file, cancellationToken);
                var checkErrors = text is null ? [readError!] : RubricFiles.Load(text, file).Errors;
                var result = checkErrors.Count > 0
                    ? new RubricImportResult(null, null, 0, false, checkErrors)
                    : await RubricImporter.ImportAsync(contexts, text!, file, parse.GetValue(course), cancellationToken);
                if (!result.Success)
                {
                    failures++;
                    foreach (var problem in result.Problems) output.Error.WriteLine(problem);
                    continue;
                }
                output.Out.WriteLine($"{result.AssignmentId} (course {result.CourseId}): version {result.Version}{(result.Changed ? "" : ", unchanged")}");
            }
            return failures == 0 ? GraderApp.ExitOk : GraderApp.ExitCheckFailed;
        });
        return command;
    }

    private static Command Roster(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var course = new Argument<string>("course") { Description = "The course id (see import-rubrics)." };
        var file = new Argument<string>("roster") { Description = "CSV with a header: id,name[,index]." };
        var tokensOut = new Option<string?>("--out") { Description = "Write id,token lines to this file (mode 600) instead of standard output." };
        var command = new Command("roster", "Create or update a course's students and issue each a new API token.") { course, file, db, tokensOut };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (text, readError) = await SourceFile.ReadAsync(parse.GetValue(file)!, cancellationToken);
            if (text is null) return output.Fail(readError!);
            var (rows, csvError) = RosterCsv.Parse(text);
            if (rows is null) return output.Fail($"{parse.GetValue(file)}: {csvError}");
            var courseId = parse.GetValue(course)!;
            var (contexts, source, error) = await DatabaseOption.OpenCourseAsync(parse.GetValue(db), courseId, cancellationToken);
            if (contexts is null) return output.Fail(error!);
            await using var _ = source;

            var lines = new List<string> { "id,token" };
            foreach (var row in rows)
            {
                var issued = await PeopleDirectory.AddStudentAsync(contexts, courseId, row.Id, row.Name, row.Index, cancellationToken);
                lines.Add($"{issued.ExternalId},{issued.Token}");
            }
            if (parse.GetValue(tokensOut) is { } outPath)
            {
                await File.WriteAllLinesAsync(outPath, lines, cancellationToken);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(outPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                output.Out.WriteLine($"{rows.Count} students of {courseId}; tokens written to {outPath}");
            }
            else
            {
                foreach (var line in lines) output.Out.WriteLine(line);
            }
            return GraderApp.ExitOk;
        });
        return command;
    }

    private static Command Staff(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var course = new Argument<string>("course") { Description = "The course id." };
        var login = new Argument<string>("login") { Description = "The login name (the same in every course the person teaches)." };
        var name = new Option<string?>("--name") { Description = "Display name (default: the login)." };
        var role = new Option<string>("--role") { Description = "instructor or ta.", DefaultValueFactory = _ => StaffRoles.Ta };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = $"Read the dashboard password from the first line of standard input (at least {PasswordHasher.MinimumLength} characters)." };
        var token = new Option<bool>("--token") { Description = "Also issue an API token (printed once)." };
        var command = new Command("staff", "Add an instructor or TA to a course, or change their role or password.")
            { course, login, name, role, passwordStdin, token, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var roleName = parse.GetValue(role)!;
            if (!StaffRoles.IsValid(roleName)) return output.Fail($"--role must be {StaffRoles.Instructor} or {StaffRoles.Ta}, not '{roleName}'");
            string? password = null;
            if (parse.GetValue(passwordStdin))
            {
                password = (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r');
                if (password is null || password.Length < PasswordHasher.MinimumLength)
                    return output.Fail($"standard input: the password must be at least {PasswordHasher.MinimumLength} characters");
            }
            var courseId = parse.GetValue(course)!;
            var (contexts, source, error) = await DatabaseOption.OpenCourseAsync(parse.GetValue(db), courseId, cancellationToken);
            if (contexts is null) return output.Fail(error!);
            await using var _ = source;
            var loginName = parse.GetValue(login)!;
            var account = await PeopleDirectory.AddStaffAsync(contexts, courseId, loginName, parse.GetValue(name) ?? loginName,
                roleName, password, parse.GetValue(token), cancellationToken);
            output.Out.WriteLine($"{account.Login}: {roleName} of {courseId}{(password is null ? "" : ", password set")}");
            if (account.Token is not null) output.Out.WriteLine($"token: {account.Token}");
            return GraderApp.ExitOk;
        });
        return command;
    }
}
