using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Marks;
using Grader.Data.Release;
using Grader.Data.Rubrics;
using Grader.Server.Grading.Release;
using Grader.Server.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Web.Submissions;

/// <summary>Reads a submission for its page, for staff of its course or the student who made it; anyone else gets null (404).</summary>
public static class SubmissionDetailQuery
{
    /// <summary>The header alone, for the status poll; null when the viewer may not see the submission.</summary>
    public static async Task<SubmissionHeader?> HeaderAsync(GraderDbContext db, PageUser viewer, Guid id, CancellationToken cancellationToken)
    {
        var header = await db.Submissions.AsNoTracking().Where(s => s.Id == id)
            .Join(db.Assignments, s => s.AssignmentId, a => a.Id, (s, a) => new { s, a })
            .Join(db.RubricVersions, x => x.s.RubricVersionId, v => v.Id, (x, v) => new { x.s, x.a, v.Version })
            .Join(db.Students, x => x.s.StudentId, st => st.Id, (x, st) => new SubmissionHeader(
                x.s.Id, x.a.Id, x.a.Title, x.a.CourseId, x.Version, st.Id, st.ExternalId, st.Name, st.IndexNumber,
                x.s.SubmittedAt, x.s.IsLate, x.s.Status, x.s.GradedAt, x.s.Error))
            .FirstOrDefaultAsync(cancellationToken);
        return header is not null && MaySee(viewer, header) ? header : null;
    }

    public static bool MaySee(PageUser viewer, SubmissionHeader header) =>
        viewer.StaffOf(header.CourseId) is not null || viewer.Student?.StudentId == header.StudentId;

    /// <summary>
    /// The whole page. Marks and totals go through <see cref="VisibleMarks"/>: the student sees what
    /// the release policy allows and none of the audit trail (who changed a mark, and why).
    /// </summary>
    public static async Task<SubmissionDetail?> LoadAsync(GraderDbContext db, RubricCache rubrics, VisibleMarks visible, PageUser viewer,
        Guid id, CancellationToken cancellationToken)
    {
        if (await HeaderAsync(db, viewer, id, cancellationToken) is not { } header) return null;
        bool student = viewer.StaffOf(header.CourseId) is null;
        var versionId = await db.Submissions.Where(s => s.Id == id).Select(s => s.RubricVersionId).SingleAsync(cancellationToken);
        var rubric = await rubrics.GetAsync(versionId, cancellationToken);
        var ofStudent = await db.Submissions.AsNoTracking()
            .Where(s => s.AssignmentId == header.AssignmentId && s.StudentId == header.StudentId)
            .OrderByDescending(s => s.SubmittedAt)
            .Select(s => new { Ref = new SubmissionRef(s.Id, s.AssignmentId, s.RubricVersionId, s.Status), s.SubmittedAt, s.IsLate })
            .ToListAsync(cancellationToken);
        var views = await visible.OfManyAsync(db, ofStudent.Select(s => s.Ref).ToList(), student, cancellationToken);
        var marks = views[id];
        var byItem = marks.Items.ToDictionary(m => m.ItemId);
        // The rubric's items in its order, each with its mark; then any mark of an item the rubric no longer has.
        var items = rubric.Items.Select(item => byItem.TryGetValue(item.Id, out var m)
                ? ItemView.Of(item.Id, item.Prompt, Kind(item), m)
                : new ItemView(item.Id, item.Prompt, Kind(item), item.Points, item.Bonus, null, null, null, null, null))
            .Concat(marks.Items.Where(m => rubric.FindItem(m.ItemId) is null).Select(m => ItemView.Of(m.ItemId, "", "", m)))
            .ToList();
        var history = ofStudent
            .Select(s => new HistoryEntry(s.Ref.Id, s.SubmittedAt, s.IsLate, views[s.Ref.Id].Status, views[s.Ref.Id].ShownTotal))
            .ToList();
        var files = (await db.SubmissionFiles.AsNoTracking().Where(f => f.SubmissionId == id).OrderBy(f => f.Role).ThenBy(f => f.ItemId)
                .ToListAsync(cancellationToken))
            .Select(f => new FileView(f.Role, f.ItemId, f.FileName, f.Size, Convert.ToHexStringLower(f.Sha256))).ToList();
        if (student)
            return new SubmissionDetail(header with { Status = marks.Status }, rubric.TotalPoints, items, [], history, files, [], marks.ExpectedShown);

        var notes = await db.Marks.AsNoTracking().Where(m => m.SubmissionId == id && m.StaffNote != null)
            .ToDictionaryAsync(m => m.ItemId, m => m.StaffNote, cancellationToken);
        items = items.Select(i => notes.TryGetValue(i.ItemId, out var note) ? i with { StaffNote = note } : i).ToList();
        var runs = await db.GradingRuns.AsNoTracking().Where(r => r.SubmissionId == id).OrderBy(r => r.StartedAt)
            .Select(r => new RunView(r.Worker, r.EngineVersion, r.StartedAt, r.FinishedAt - r.StartedAt, r.Outcome, r.Error))
            .ToListAsync(cancellationToken);
        var changes = await db.MarkChanges.AsNoTracking().Where(c => c.SubmissionId == id).OrderBy(c => c.ChangedAt).ThenBy(c => c.Id)
            .Select(c => new ChangeView(c.ItemId,
                c.Staff != null ? c.Staff.Name : c.RegradeId != null ? "grader, re-run #" + c.RegradeId : "grader",
                c.ChangedAt, c.OldPoints, c.NewPoints, c.OldSource, c.NewSource, c.OldFeedback, c.NewFeedback, c.Reason))
            .ToListAsync(cancellationToken);
        return new SubmissionDetail(header with { Status = marks.Status }, rubric.TotalPoints, items, runs, history, files, changes, true);
    }

    private static string Kind(RubricItem item) => item.Kind.ToString().ToLowerInvariant();
}
