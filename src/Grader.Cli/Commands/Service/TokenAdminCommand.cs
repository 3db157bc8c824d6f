using System.CommandLine;
using Grader.Data.Admin;

namespace Grader.Cli.Commands.Service;

/// <summary><c>grader admin token list|revoke|rotate</c>: API tokens of students and staff.</summary>
public static class TokenAdminCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("token", "List, revoke and rotate API tokens (a revoked token also ends the dashboard sessions made with it).");
        command.Subcommands.Add(List(output));
        command.Subcommands.Add(Revoke(output));
        command.Subcommands.Add(Rotate(output));
        return command;
    }

    private static Command List(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var course = new Argument<string>("course") { Description = "The course id." };
        var all = new Option<bool>("--all") { Description = "Also revoked and expired tokens." };
        var command = new Command("list", "Tokens of a course's students and staff: id, owner, label, created, expiry, state.") { course, all, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var courseId = parse.GetValue(course)!;
            var (contexts, source, error) = await DatabaseOption.OpenCourseAsync(parse.GetValue(db), courseId, cancellationToken);
            if (contexts is null) return output.Fail(error!);
            await using var _ = source;
            var now = DateTimeOffset.UtcNow;
            output.Out.WriteLine("id\towner\tlabel\tcreated\texpires\tstate");
            foreach (var t in await TokenDirectory.ListAsync(contexts, courseId, parse.GetValue(all), cancellationToken))
                output.Out.WriteLine($"{t.Id}\t{t.Owner}\t{t.Label}\t{t.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm}\t" +
                    $"{(t.ExpiresAt is { } e ? e.UtcDateTime.ToString("yyyy-MM-dd HH:mm") : "never")}\t{t.State(now)}");
            return GraderApp.ExitOk;
        });
        return command;
    }

    private static Command Revoke(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var id = new Argument<long?>("id") { Description = "A token id from 'grader admin token list'.", Arity = ArgumentArity.ZeroOrOne };
        var course = new Option<string?>("--course") { Description = "With --student: the student's course." };
        var student = new Option<string?>("--student") { Description = "Revoke every token of this student (with --course)." };
        var staff = new Option<string?>("--staff") { Description = "Revoke this staff login's token." };
        var command = new Command("revoke", "Revoke a token by id, or all of a student's or a staff member's.") { id, course, student, staff, db };
        command.SetAction((parse, cancellationToken) =>
        {
            var (tokenId, courseId, studentId, login) = (parse.GetValue(id), parse.GetValue(course), parse.GetValue(student), parse.GetValue(staff));
            if ((tokenId is null ? 0 : 1) + (studentId is null ? 0 : 1) + (login is null ? 0 : 1) != 1)
                return Task.FromResult(output.Fail("name one of: a token id, --course C --student S, or --staff LOGIN"));
            if (studentId is not null && courseId is null) return Task.FromResult(output.Fail("--student needs --course"));
            return AdminRun.RunAsync(output, parse.GetValue(db), courseId, contexts =>
                tokenId is { } t ? TokenDirectory.RevokeAsync(contexts, t, cancellationToken)
                : studentId is not null ? TokenDirectory.RevokeStudentAsync(contexts, courseId!, studentId, cancellationToken)
                : TokenDirectory.RevokeStaffAsync(contexts, login!, cancellationToken), cancellationToken);
        });
        return command;
    }

    private static Command Rotate(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var course = new Argument<string>("course") { Description = "The course id." };
        var student = new Argument<string>("student") { Description = "The student's id in the roster." };
        var command = new Command("rotate", "Give a student a new token (printed once) and revoke the old one. Staff: grader admin staff token.")
            { course, student, db };
        command.SetAction((parse, cancellationToken) => AdminRun.RunAsync(output, parse.GetValue(db), parse.GetValue(course),
            contexts => TokenDirectory.RotateStudentAsync(contexts, parse.GetValue(course)!, parse.GetValue(student)!, cancellationToken),
            cancellationToken));
        return command;
    }
}
