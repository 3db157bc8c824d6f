using Grader.Core.Checking;
using Grader.Data.Admin;
using Grader.Data.Entities;
using Grader.Data.Marks;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Dashboard;

/// <summary>
/// <see cref="DashboardFixture"/> with two three-item quizzes of ai6126 (a: 2, b: 3, c: 1 points),
/// one counting the latest submission, one the best, and the same five students in both:
/// <list type="bullet">
/// <item>s-alice: graded 6 (a 2, b 3, c 1) on 1 Jan, then graded 3.5 (a 2, b 1.5, c 0) late on 2 Jan;</item>
/// <item>s-bob: graded 3 (a 0 with a model evaluation, b 3, c awaiting a TA);</item>
/// <item>s-carol: failed, no marks; s-dave (named like a formula): no submission; s-erin: queued.</item>
/// </list>
/// </summary>
public sealed class GradebookFixture : DashboardFixture
{
    public const string Latest = "ai6126-quiz";
    public const string Best = "ai6126-quiz-best";
    public const string DaveName = "=2+3 Dave";

    public static readonly DateTimeOffset Jan1 = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Submission ids by (assignment, student id, 1-based number of the student's submission).</summary>
    public Dictionary<(string, string, int), Guid> Submissions { get; } = [];
    public Dictionary<string, string> Tokens { get; } = [];

    public static ModelDetails BobsModel { get; } = new("toy", 3, 4, 0.8, [1.0, 0.5], [[2, 0], [1, 1]], ["cat", "dog"],
        new string('a', 64), new string('b', 64), "fake-engine/1");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var (id, counts) in new[] { (Latest, "latest"), (Best, "best") })
        {
            var yaml = $$"""
                id: {{id}}
                title: Quiz ({{counts}})
                total: 6
                counts: {{counts}}
                items:
                  - { id: a, points: 2, kind: number, expected: 1 }
                  - { id: b, points: 3, kind: vector, expected: [1, 2, 3] }
                  - { id: c, points: 1, kind: number, expected: 1 }
                """;
            var imported = await RubricImporter.ImportAsync(Contexts, yaml, id + ".yaml", "ai6126", CancellationToken.None);
            Assert.True(imported.Success, string.Join("\n", imported.Problems));
        }
        var students = new (string Id, string Name, string? Index)[]
        {
            ("s-alice", "Alice Adams", "101"), ("s-bob", "Bob Brown", "102"), ("s-carol", "Carol Chen", "103"),
            ("s-dave", DaveName, null), ("s-erin", "Erin Evans", "105"),
        };
        var ids = new Dictionary<string, long>();
        foreach (var (id, name, index) in students)
        {
            var issued = await PeopleDirectory.AddStudentAsync(Contexts, "ai6126", id, name, index, CancellationToken.None);
            ids[id] = issued.PersonId;
            Tokens[id] = issued.Token;
        }
        foreach (var assignment in new[] { Latest, Best })
        {
            await SubmitAsync(assignment, "s-alice", ids, Jan1, false, SubmissionStatus.Graded,
                ("a", 2, "correct", null), ("b", 3, "correct", null), ("c", 1, "correct", null));
            await SubmitAsync(assignment, "s-alice", ids, Jan1.AddDays(1).AddHours(1), true, SubmissionStatus.Graded,
                ("a", 2, "correct", null),
                ("b", 1.5, "partial", new ItemDetails("[1, 2, 3]", "[1, 2, 4]", [3], [2])),
                ("c", 0, "incorrect", null));
            await SubmitAsync(assignment, "s-bob", ids, Jan1, false, SubmissionStatus.Graded,
                ("a", 0, "incorrect", new ItemDetails("80%", "75%", Model: BobsModel)), ("b", 3, "correct", null), ("c", 0, "pending_manual", null));
            await SubmitAsync(assignment, "s-carol", ids, Jan1.AddHours(-1), false, SubmissionStatus.Failed);
            await SubmitAsync(assignment, "s-erin", ids, Jan1.AddDays(2).AddHours(3), false, SubmissionStatus.Queued);
        }
        await using var db = await OpenAsync();
        var ta = await db.Staff.SingleAsync(s => s.ExternalId == AiTa);
        db.MarkChanges.Add(new MarkChange
        {
            SubmissionId = Submissions[(Latest, "s-bob", 1)], ItemId = "b", ChangedBy = ta.Id, ChangedAt = Jan1.AddDays(3),
            OldPoints = 2, NewPoints = 3, OldSource = "auto", NewSource = "override", OldFeedback = "2 of 3", NewFeedback = "Accepted",
            Reason = "Rounding to 3 digits is accepted",
        });
        await db.SaveChangesAsync();
    }

    private async Task SubmitAsync(string assignmentId, string student, Dictionary<string, long> ids, DateTimeOffset at, bool late,
        string status, params (string Item, double Points, string Result, ItemDetails? Details)[] marks)
    {
        await using var db = await OpenAsync();
        var versionId = (await db.Assignments.SingleAsync(a => a.Id == assignmentId)).CurrentVersionId!.Value;
        var submission = new Submission
        {
            Id = Guid.NewGuid(), AssignmentId = assignmentId, RubricVersionId = versionId, StudentId = ids[student],
            SubmittedAt = at, IsLate = late, Status = status, GradedAt = status == SubmissionStatus.Graded ? at.AddSeconds(2) : null,
            Error = status == SubmissionStatus.Failed ? "the answers file vanished from storage" : null,
        };
        db.Submissions.Add(submission);
        var maxPoints = new Dictionary<string, double> { ["a"] = 2, ["b"] = 3, ["c"] = 1 };
        foreach (var (item, points, result, details) in marks)
        {
            var status0 = Enum.Parse<MarkStatus>(result.Replace("_", ""), ignoreCase: true);
            var mark = MarkMapping.ToMark(new ItemResult(item, points, maxPoints[item], false, status0, $"feedback on {item}", details), versionId);
            mark.SubmissionId = submission.Id;
            db.Marks.Add(mark);
        }
        await db.SaveChangesAsync();
        int number = Submissions.Keys.Count(k => k.Item1 == assignmentId && k.Item2 == student) + 1;
        Submissions[(assignmentId, student, number)] = submission.Id;
    }
}
