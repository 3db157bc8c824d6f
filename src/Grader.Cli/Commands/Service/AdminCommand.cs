using System.CommandLine;
using Grader.Cli.Files;
using Grader.Data.Admin;

namespace Grader.Cli.Commands.Service;

/// <summary>
/// <c>grader admin import-rubrics &lt;folder-or-file&gt;</c>, <c>grader admin roster &lt;course&gt; &lt;roster.csv&gt;</c>,
/// and the groups <c>staff</c> (<see cref="StaffAdminCommand"/>), <c>token</c> (<see cref="TokenAdminCommand"/>),
/// <c>course</c> and <c>student</c> (<see cref="CourseAdminCommand"/>), <c>github</c> (<see cref="GitHubAdminCommand"/>).
/// </summary>
public static class AdminCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("admin", "Administer the grading service's database.");
        command.Subcommands.Add(ImportRubrics(output));
        command.Subcommands.Add(Roster(output));
        command.Subcommands.Add(StaffAdminCommand.Create(output));
        command.Subcommands.Add(TokenAdminCommand.Create(output));
        command.Subcommands.Add(CourseAdminCommand.Course(output));
        command.Subcommands.Add(CourseAdminCommand.Student(output));
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
        var onlyNew = new Option<bool>("--only-new") { Description = "Issue tokens only to students without a valid one (new or removed students); others keep theirs." };
        var command = new Command("roster",
            "Create or update a course's students and issue each a new API token (revoking their earlier one; see --only-new).")
            { course, file, db, tokensOut, onlyNew };
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
            var results = new List<IssuedToken>();
            foreach (var row in rows)
            {
                var issued = await PeopleDirectory.AddStudentAsync(contexts, courseId, row.Id, row.Name, row.Index, cancellationToken,
                    parse.GetValue(onlyNew));
                results.Add(issued);
                if (issued.Issued) lines.Add($"{issued.ExternalId},{issued.Token}");
            }
            // What changed, on standard error so that standard output stays the CSV.
            output.Error.WriteLine($"{courseId}: {results.Count(r => r.Change == StudentChange.Added)} added, " +
                $"{results.Count(r => r.Change == StudentChange.Updated)} updated, {results.Count(r => r.Change == StudentChange.Restored)} restored; " +
                $"{results.Count(r => r.Issued)} tokens issued ({TokenDirectory.Expiry(results.FirstOrDefault(r => r.Issued)?.ExpiresAt)}), " +
                $"{results.Sum(r => r.Revoked)} earlier tokens revoked");
            if (parse.GetValue(tokensOut) is { } outPath)
            {
                await File.WriteAllLinesAsync(outPath, lines, cancellationToken);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(outPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                output.Out.WriteLine($"{lines.Count - 1} tokens for {courseId} written to {outPath}");
            }
            else
            {
                foreach (var line in lines) output.Out.WriteLine(line);
            }
            return GraderApp.ExitOk;
        });
        return command;
    }
}
