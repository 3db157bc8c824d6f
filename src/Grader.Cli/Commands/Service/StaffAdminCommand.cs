using System.CommandLine;
using Grader.Data.Admin;
using Grader.Data.Entities;

namespace Grader.Cli.Commands.Service;

/// <summary>
/// <c>grader admin staff add|role|password|remove|token|list</c>: one account per person, explicit
/// course memberships. Each subcommand changes one thing and prints what it changed.
/// </summary>
public static class StaffAdminCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("staff", "Staff accounts (one per person: login, password, token) and their course memberships.");
        command.Subcommands.Add(Add(output));
        command.Subcommands.Add(Role(output));
        command.Subcommands.Add(Password(output));
        command.Subcommands.Add(Remove(output));
        command.Subcommands.Add(Token(output));
        command.Subcommands.Add(List(output));
        return command;
    }

    private static Argument<string> CourseArgument() => new("course") { Description = "The course id." };

    private static Argument<string> LoginArgument() => new("login") { Description = "The person's login (one account in every course they teach)." };

    private static Argument<string> RoleArgument() => new("role") { Description = "instructor or ta." };

    private static Command Add(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var course = CourseArgument();
        var login = LoginArgument();
        var name = new Option<string?>("--name") { Description = "Display name of a new account (default: the login)." };
        var role = new Option<string>("--role") { Description = "instructor or ta.", DefaultValueFactory = _ => StaffRoles.Ta };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "A new account's dashboard password, from the first line of standard input." };
        var command = new Command("add", "Make a person staff of a course (creating their account if new). Never changes an existing password or role.")
            { course, login, name, role, passwordStdin, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? password = null;
            if (parse.GetValue(passwordStdin))
            {
                (password, var error) = await AdminRun.ReadPasswordAsync(cancellationToken);
                if (password is null) return output.Fail(error!);
            }
            var courseId = parse.GetValue(course)!;
            return await AdminRun.RunAsync(output, parse.GetValue(db), courseId, contexts => StaffDirectory.AddAsync(contexts, courseId,
                parse.GetValue(login)!, parse.GetValue(name), parse.GetValue(role)!, password, cancellationToken), cancellationToken);
        });
        return command;
    }

    private static Command Role(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var course = CourseArgument();
        var login = LoginArgument();
        var role = RoleArgument();
        var command = new Command("role", "Change a person's role in one course.") { course, login, role, db };
        command.SetAction((parse, cancellationToken) => AdminRun.RunAsync(output, parse.GetValue(db), parse.GetValue(course),
            contexts => StaffDirectory.SetRoleAsync(contexts, parse.GetValue(course)!, parse.GetValue(login)!, parse.GetValue(role)!, cancellationToken),
            cancellationToken));
        return command;
    }

    private static Command Password(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var login = LoginArgument();
        var command = new Command("password", "Set a person's dashboard password (first line of standard input); ends all their dashboard sessions.")
            { login, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (password, error) = await AdminRun.ReadPasswordAsync(cancellationToken);
            if (password is null) return output.Fail(error!);
            return await AdminRun.RunAsync(output, parse.GetValue(db), null,
                contexts => StaffDirectory.SetPasswordAsync(contexts, parse.GetValue(login)!, password, cancellationToken), cancellationToken);
        });
        return command;
    }

    private static Command Remove(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var course = CourseArgument();
        var login = LoginArgument();
        var command = new Command("remove", "Take a person off one course (their other courses stay; the audit trail keeps their name).")
            { course, login, db };
        command.SetAction((parse, cancellationToken) => AdminRun.RunAsync(output, parse.GetValue(db), parse.GetValue(course),
            contexts => StaffDirectory.RemoveAsync(contexts, parse.GetValue(course)!, parse.GetValue(login)!, cancellationToken), cancellationToken));
        return command;
    }

    private static Command Token(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var login = LoginArgument();
        var expires = new Option<string>("--expires") { Description = "YYYY-MM-DD (end of that day, UTC), an ISO 8601 time, or never.", DefaultValueFactory = _ => "never" };
        var command = new Command("token", "Issue the person's staff API token (printed once), revoking their earlier one.") { login, expires, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!AdminRun.TryParseExpiry(parse.GetValue(expires)!, out var expiresAt)) return output.Fail($"--expires: '{parse.GetValue(expires)}' is not a date");
            return await AdminRun.RunAsync(output, parse.GetValue(db), null,
                contexts => StaffDirectory.IssueTokenAsync(contexts, parse.GetValue(login)!, expiresAt, cancellationToken), cancellationToken);
        });
        return command;
    }

    private static Command List(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var course = new Argument<string?>("course") { Description = "Only this course's staff.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("list", "Staff accounts: login, name, course:role, password, active tokens, open sessions.") { course, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (contexts, source, error) = await DatabaseOption.OpenAsync(parse.GetValue(db), cancellationToken);
            if (contexts is null) return output.Fail(error!);
            await using var _ = source;
            foreach (var line in await StaffDirectory.ListAsync(contexts, parse.GetValue(course), cancellationToken)) output.Out.WriteLine(line);
            return GraderApp.ExitOk;
        });
        return command;
    }
}
