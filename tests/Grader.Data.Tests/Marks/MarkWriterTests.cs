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
    public async Task New_marks_copied_in_bulk_read_back_as_written_and_existing_ones_are_updated_in_place()
    {
        var (submission, version) = await SubmissionAsync();
        await WriteAsync(submission, NewMark(version, "a", 1));
        var at = new DateTimeOffset(2026, 12, 1, 10, 30, 0, TimeSpan.Zero);

        await using (var db = await database.OpenAsync())
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var stored = await MarkWriter.LoadAsync(db, [submission], CancellationToken.None);
            var created = new List<Mark>();
            var withoutDetails = NewMark(version, "c", 0.25);
            withoutDetails.Details = null;
            MarkWriter.Upsert(db, submission, [NewMark(version, "a", 2), NewMark(version, "b", 0.5), withoutDetails],
                stored[submission], regradeId: null, created);
            Assert.Equal(["b", "c"], created.Select(m => m.ItemId));
            foreach (var mark in created) mark.UpdatedAt = at;
            await db.SaveChangesAsync();
            await MarkCopy.WriteAsync(db, created, CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using var check = await database.OpenAsync();
        var marks = await check.Marks.Where(m => m.SubmissionId == submission).OrderBy(m => m.ItemId).ToListAsync();
        Assert.Equal(["a", "b", "c"], marks.Select(m => m.ItemId));
        Assert.Equal([2, 0.5, 0.25], marks.Select(m => m.Points));
        var b = marks[1];
        Assert.Equal((version, 2.0, false, MarkSources.Auto, "partial", "0.5 points", at),
            (b.RubricVersionId, b.MaxPoints, b.Bonus, b.Source, b.Result, b.Feedback, b.UpdatedAt));
        Assert.Equal("1", System.Text.Json.JsonDocument.Parse(b.Details!).RootElement.GetProperty("given").GetString());
        Assert.Null(marks[2].Details);
    }

    [Fact]
    public async Task Copying_marks_outside_a_transaction_is_refused()
    {
        var (submission, version) = await SubmissionAsync();
        var mark = NewMark(version, "a", 1);
        mark.SubmissionId = submission;
        await using var db = await database.OpenAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => MarkCopy.WriteAsync(db, [mark], CancellationToken.None));
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

    private async Task<long> RegradeAsync(Guid submission, long version)
    {
        await using var db = await database.OpenAsync();
        var assignment = await db.Submissions.Where(s => s.Id == submission).Select(s => s.AssignmentId).SingleAsync();
        var regrade = new Regrade { AssignmentId = assignment, RubricVersionId = version, RequestedAt = DateTimeOffset.UtcNow, Submissions = 1 };
        db.Regrades.Add(regrade);
        await db.SaveChangesAsync();
        return regrade.Id;
    }

    private async Task WriteAsync(Guid submission, long regradeId, params Mark[] marks)
    {
        await using var db = await database.OpenAsync();
        await MarkWriter.UpsertAsync(db, submission, marks, regradeId, CancellationToken.None);
        await db.SaveChangesAsync();
    }

    private async Task<List<MarkChange>> ChangesAsync(Guid submission)
    {
        await using var db = await database.OpenAsync();
        return await db.MarkChanges.Where(c => c.SubmissionId == submission).OrderBy(c => c.ItemId).ToListAsync();
    }

    [Fact]
    public async Task A_rerun_audits_the_marks_whose_points_or_result_it_changes_and_only_those()
    {
        var (submission, version) = await SubmissionAsync();
        await WriteAsync(submission, NewMark(version, "a", 1), NewMark(version, "b", 2), NewMark(version, "c", 0));
        long regrade = await RegradeAsync(submission, version);
        var resultOnly = NewMark(version, "c", 0);
        resultOnly.Result = "incorrect";
        await WriteAsync(submission, regrade, NewMark(version, "a", 1.5), NewMark(version, "b", 2), resultOnly);

        var changes = await ChangesAsync(submission);
        Assert.Equal([("a", 1.0, 1.5), ("c", 0.0, 0.0)], changes.Select(c => (c.ItemId, c.OldPoints!.Value, c.NewPoints)));
        Assert.All(changes, c => Assert.Equal((regrade, (long?)null, "rubric re-run"), (c.RegradeId!.Value, c.ChangedBy, c.Reason)));
        Assert.Equal(("1 points", "1.5 points"), (changes[0].OldFeedback, changes[0].NewFeedback));
    }

    [Fact]
    public async Task A_rerun_leaves_marks_staff_set_alone_and_unaudited()
    {
        var (submission, version) = await SubmissionAsync();
        await WriteAsync(submission, NewMark(version, "a", 2, MarkSources.Manual));
        await WriteAsync(submission, await RegradeAsync(submission, version), NewMark(version, "a", 0));
        Assert.Empty(await ChangesAsync(submission));
    }

    [Fact]
    public async Task An_item_new_in_the_rerun_rubric_is_audited_but_a_submissions_first_marks_are_not()
    {
        var (first, version) = await SubmissionAsync();
        await WriteAsync(first, await RegradeAsync(first, version), NewMark(version, "a", 1));
        Assert.Empty(await ChangesAsync(first));

        var (second, _) = await SubmissionAsync();
        await WriteAsync(second, NewMark(version, "a", 1));
        await WriteAsync(second, await RegradeAsync(second, version), NewMark(version, "a", 1), NewMark(version, "new", 2));
        var change = Assert.Single(await ChangesAsync(second));
        Assert.Equal(("new", (double?)null, 2.0), (change.ItemId, change.OldPoints, change.NewPoints));
    }

    [Fact]
    public async Task A_rerun_keeps_a_finished_model_mark_until_the_model_is_evaluated_again()
    {
        var (submission, version) = await SubmissionAsync();
        await WriteAsync(submission, NewMark(version, "m", 1.5));
        long regrade = await RegradeAsync(submission, version);
        var placeholder = NewMark(version, "m", 0);
        placeholder.Result = "pending_model";
        await WriteAsync(submission, regrade, placeholder);
        await using (var db = await database.OpenAsync())
        {
            var kept = await db.Marks.SingleAsync(m => m.SubmissionId == submission);
            Assert.Equal((1.5, "partial"), (kept.Points, kept.Result));
        }
        Assert.Empty(await ChangesAsync(submission));

        await WriteAsync(submission, regrade, NewMark(version, "m", 2));
        var change = Assert.Single(await ChangesAsync(submission));
        Assert.Equal((1.5, 2.0), (change.OldPoints!.Value, change.NewPoints));
    }

    [Fact]
    public async Task A_rerun_deletes_automatic_marks_of_items_its_rubric_dropped_audited_and_keeps_staff_marks()
    {
        var (submission, version) = await SubmissionAsync();
        await WriteAsync(submission, NewMark(version, "kept", 1), NewMark(version, "dropped", 2), NewMark(version, "graded-by-ta", 1, MarkSources.Manual));
        var regrade = await RegradeAsync(submission, version);
        await using (var db = await database.OpenAsync())
        {
            await MarkWriter.DropAbsentAsync(db, submission, ["kept"], regrade, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        await using var check = await database.OpenAsync();
        Assert.Equal(["graded-by-ta", "kept"], await check.Marks.Where(m => m.SubmissionId == submission).OrderBy(m => m.ItemId).Select(m => m.ItemId).ToListAsync());
        var change = Assert.Single(await ChangesAsync(submission));
        Assert.Equal(("dropped", 2.0, 0.0, MarkWriter.RemovedSource, regrade), (change.ItemId, change.OldPoints, change.NewPoints, change.NewSource, change.RegradeId));
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
