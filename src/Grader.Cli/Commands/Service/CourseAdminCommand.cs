using System.CommandLine;
using Grader.Data.Admin;
using Grader.Data.Files;

namespace Grader.Cli.Commands.Service;

/// <summary>
/// <c>grader admin course &lt;course&gt;</c> (token expiry, storage quotas) and
/// <c>grader admin student remove &lt;course&gt; &lt;id&gt;</c>.
/// </summary>
public static class CourseAdminCommand
{
    public static Command Course(CliOutput output)
    {
        var db = DatabaseOption.Create();
        var course = new Argument<string>("course") { Description = "The course id." };
        var expires = new Option<string?>("--tokens-expire") { Description = "When the course's tokens expire: YYYY-MM-DD (end of day, UTC; e.g. the term's end) or never. Applies to active student tokens too." };
        var studentQuota = new Option<string?>("--student-quota") { Description = "Storage per student, e.g. 2GiB (distinct files of their submissions)." };
        var quota = new Option<string?>("--quota") { Description = "Storage of the whole course, e.g. 200GiB." };
        var command = new Command("course", "Show a course's settings, or change its token expiry and storage quotas.") { course, expires, studentQuota, quota, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var courseId = parse.GetValue(course)!;
            DateTimeOffset? expiresAt = null;
            if (parse.GetValue(expires) is { } text && !AdminRun.TryParseExpiry(text, out expiresAt)) return output.Fail($"--tokens-expire: '{text}' is not a date");
            long? perStudent = null, perCourse = null;
            if (parse.GetValue(studentQuota) is { } s && (perStudent = ByteSize.Parse(s)) is null) return output.Fail($"--student-quota: '{s}' is not a size such as 500MiB or 2GiB");
            if (parse.GetValue(quota) is { } q && (perCourse = ByteSize.Parse(q)) is null) return output.Fail($"--quota: '{q}' is not a size such as 200GiB");
            return await AdminRun.RunAsync(output, parse.GetValue(db), courseId, async contexts =>
            {
                var lines = new List<string>();
                if (parse.GetValue(expires) is not null) lines.AddRange((await TokenDirectory.SetCourseExpiryAsync(contexts, courseId, expiresAt, cancellationToken)).Lines);
                if (perStudent is not null || perCourse is not null)
                    lines.AddRange((await CourseSettings.SetQuotasAsync(contexts, courseId, perStudent, perCourse, cancellationToken)).Lines);
                lines.AddRange(await CourseSettings.DescribeAsync(contexts, courseId, cancellationToken));
                return new AdminOutcome(true, lines);
            }, cancellationToken);
        });
        return command;
    }

    public static Command Student(CliOutput output)
    {
        var command = new Command("student", "A course's students (added and updated by 'grader admin roster').");
        var db = DatabaseOption.Create();
        var course = new Argument<string>("course") { Description = "The course id." };
        var student = new Argument<string>("student") { Description = "The student's id in the roster." };
        var remove = new Command("remove", "Take a student off the course: tokens revoked, dashboard sessions ended, submissions and marks kept.")
            { course, student, db };
        remove.SetAction((parse, cancellationToken) => AdminRun.RunAsync(output, parse.GetValue(db), parse.GetValue(course),
            contexts => PeopleDirectory.RemoveStudentAsync(contexts, parse.GetValue(course)!, parse.GetValue(student)!, cancellationToken),
            cancellationToken));
        command.Subcommands.Add(remove);
        return command;
    }
}
