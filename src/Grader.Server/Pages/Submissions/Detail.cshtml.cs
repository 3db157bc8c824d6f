using Grader.Data;
using Grader.Data.Queue;
using Grader.Data.Rubrics;
using Grader.Server.Web.Auth;
using Grader.Server.Web.Queue;
using Grader.Server.Web.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Pages.Submissions;

/// <summary>
/// One submission with every mark explained. Not a staff page: the student who made it sees it too;
/// anyone else, a TA of another course included, gets 404. A model item whose mark is pending
/// says what it waits for (<see cref="ModelWait"/>), so nobody watches "evaluating model" forever.
/// </summary>
public sealed class DetailModel(IDbContextFactory<GraderDbContext> contexts, RubricCache rubrics, WorkerRegistry workers,
    ModelWaitSettings waitSettings) : PageModel
{
    public SubmissionDetail Detail { get; private set; } = null!;
    public bool IsStaff { get; private set; }
    public IReadOnlyDictionary<string, ModelWait> Waits { get; private set; } = new Dictionary<string, ModelWait>();
    public TimeSpan WarnAfter => waitSettings.WarnAfter;

    /// <summary>What the status poll compares: the status and each model wait's state, so the page
    /// reloads when a GPU worker starts or takes the job, not only when the marks come.</summary>
    public static string PollState(string status, IReadOnlyDictionary<string, ModelWait> waits) =>
        string.Join(" ", [status, .. waits.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}:{w.Value.State}")]);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var viewer = PageUser.From(User)!;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await SubmissionDetailQuery.LoadAsync(db, rubrics, viewer, id, cancellationToken) is not { } detail) return NotFound();
        Detail = detail;
        IsStaff = viewer.StaffOf(detail.Header.CourseId) is not null;
        Waits = await ModelWait.OfSubmissionAsync(db, workers, waitSettings, id, cancellationToken);
        return Page();
    }

    /// <summary>JSON <c>{status}</c> for site.js, which reloads the page when it changes.</summary>
    public async Task<IActionResult> OnGetStatusAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await SubmissionDetailQuery.HeaderAsync(db, PageUser.From(User)!, id, cancellationToken) is not { } header) return NotFound();
        var waits = header.InProgress ? await ModelWait.OfSubmissionAsync(db, workers, waitSettings, id, cancellationToken) : new Dictionary<string, ModelWait>();
        return new JsonResult(new { status = PollState(header.Status, waits) });
    }
}
