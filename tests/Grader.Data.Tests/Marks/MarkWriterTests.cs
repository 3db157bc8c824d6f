using Grader.Data.Entities;
using Grader.Data.Marks;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Tests.Marks;

public sealed class MarkWriterTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private async Task<(Guid Submission, long Version)> SubmissionAsync()
    {
        var rubric = await Seed.RubricAsync(database, "ai6126-hw1");
        var student = await Seed.StudentAsync(database, rubric.CourseId!, "s" + Guid.NewGuid().ToString("N")[..6]);
        await using var db = await database.OpenAsync();
        var version = await db.Assignments.Where(a => a.Id == rubric.AssignmentId).Select(a => a.CurrentVersionId!.Value).SingleAsync();
        var submission = new Submission
        {
            Id = Guid.CreateVersion7(), AssignmentId = rubric.AssignmentId!, RubricVersionId = version,
            StudentId = student.PersonId, SubmittedAt = DateTimeOffset.UtcNow, Status = SubmissionStatus.Queued,
        };
        db.Submissions.Add(submission);
        await db.SaveChangesAsync();
        return (submission.Id, version);
    }

    private static Mark NewMark(long version, string item, double points, string source = MarkSources.Auto) => new()
    {
        ItemId = item, RubricVersionId = version, Points = points, MaxPoints = 2, Source = source,
        Result = "partial", Feedback = $"{points} points", Details = """{"given": "1"}""",
    };

    private async Task WriteAsync(Guid submission, params Mark[] marks)
    {
        await using var db = await database.OpenAsync();
        await MarkWriter.UpsertAsync(db, submission, marks, CancellationToken.None);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Writing_the_same_marks_twice_keeps_one_row_per_item()
    {
        var (submission, version) = await SubmissionAsync();
        await WriteAsync(submission, NewMark(version, "a", 1), NewMark(version, "b", 2));
        await WriteAsync(submission, NewMark(version, "a", 1.5), NewMark(version, "b", 2));

        await using var db = await database.OpenAsync();
        var marks = await db.Marks.Where(m => m.SubmissionId == submission).OrderBy(m => m.ItemId).ToListAsync();
        Assert.Equal(["a", "b"], marks.Select(m => m.ItemId));
        Assert.Equal(1.5, marks[0].Points);
        Assert.Contains("given", marks[0].Details);
    }

    [Fact]
    public async Task Automatic_grading_never_overwrites_a_mark_staff_set()
    {
        var (submission, version) = await SubmissionAsync();
        await WriteAsync(submission, NewMark(version, "a", 2, MarkSources.Override));
        await WriteAsync(submission, NewMark(version, "a", 0));
        await using var db = await database.OpenAsync();
        var mark = await db.Marks.SingleAsync(m => m.SubmissionId == submission);
        Assert.Equal((2.0, MarkSources.Override), (mark.Points, mark.Source));
    }

    [Fact]
    public async Task The_database_refuses_a_second_row_for_the_same_item()
    {
        var (submission, version) = await SubmissionAsync();
        await using var db = await database.OpenAsync();
        db.Marks.Add(NewMark(version, "a", 1).With(submission));
        db.Marks.Add(NewMark(version, "a", 1).With(submission));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}

internal static class MarkTestExtensions
{
    public static Mark With(this Mark mark, Guid submission)
    {
        mark.SubmissionId = submission;
        return mark;
    }
}
