using Grader.Data;
using Grader.Data.Queue;
using Grader.Data.Release;
using Grader.Data.Rubrics;
using Grader.Server.Grading.Release;
using Grader.Server.Grading.Requests;
using Grader.Server.Web;
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
public sealed class DetailModel(IDbContextFactory<GraderDbContext> contexts, RubricCache rubrics, VisibleMarks visible, ReleaseViews releases,
    RegradeRequests requests, WorkerRegistry workers, ModelWaitSettings waitSettings) : PageModel
{
    public SubmissionDetail Detail { get; private set; } = null!;
    public bool IsStaff { get; private set; }
    public ReleaseView Release { get; private set; } = null!;
    public ILookup<string, StudentRequest> Requests { get; private set; } = null!;
    /// <summary>A refused regrade request: the item and why.</summary>
    public (string ItemId, string Problem)? RequestError { get; private set; }
    public IReadOnlyDictionary<string, ModelWait> Waits { get; private set; } = new Dictionary<string, ModelWait>();
    public TimeSpan WarnAfter => waitSettings.WarnAfter;

    /// <summary>What the status poll compares: the status and each model wait's state, so the page
    /// reloads when a GPU worker starts or takes the job, not only when the marks come.</summary>
    public static string PollState(string status, IReadOnlyDictionary<string, ModelWait> waits) =>
        string.Join(" ", [status, .. waits.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}:{w.Value.State}")]);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <summary>The student asks for one item's mark to be looked at again.</summary>
    public async Task<IActionResult> OnPostRegradeRequestAsync(Guid id, string itemId, string? message, CancellationToken cancellationToken)
    {
        if (PageUser.From(User)!.Student is not { } student || !await LoadAsync(id, cancellationToken)) return NotFound();
        var (outcome, problem) = await requests.AskAsync(student.StudentId, id, itemId, message ?? "", cancellationToken);
        if (outcome == RequestOutcome.NotFound) return NotFound();
        if (outcome == RequestOutcome.Refused)
        {
            RequestError = (itemId, problem!);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["Flash"] = $"Your regrade request for {itemId} was sent. The answer will appear here.";
        return Redirect($"/submissions/{id}#item-{itemId}");
    }

    /// <summary>Whether the student may ask about this item now (its mark released, none of their requests open).</summary>
    public bool CanAsk(ItemView item) =>
        !IsStaff && item.Result is { } status && RegradeRequests.WhyNot(item.ItemId, item.HeldBack, status, Release) is null
        && !Requests[item.ItemId].Any(r => r.IsOpen);

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var viewer = PageUser.From(User)!;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await SubmissionDetailQuery.LoadAsync(db, rubrics, visible, viewer, id, cancellationToken) is not { } detail) return false;
        Detail = detail;
        IsStaff = viewer.StaffOf(detail.Header.CourseId) is not null;
        Release = (await releases.LoadAsync(db, detail.Header.AssignmentId, cancellationToken))!;
        Requests = (await requests.OfSubmissionAsync(id, cancellationToken)).ToLookup(r => r.ItemId);
        Waits = await ModelWait.OfSubmissionAsync(db, workers, waitSettings, id, cancellationToken);
        return true;
    }

    /// <summary>A status in the words of the viewer: students read "submitted, being graded" for what is not final.</summary>
    public string StatusText(string status) => IsStaff ? Format.Status(status) : Format.StudentStatus(status);

    /// <summary>JSON <c>{status}</c> for site.js, which reloads the page when it changes.</summary>
    public async Task<IActionResult> OnGetStatusAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await SubmissionDetailQuery.HeaderAsync(db, PageUser.From(User)!, id, cancellationToken) is not { } header) return NotFound();
        var waits = header.InProgress ? await ModelWait.OfSubmissionAsync(db, workers, waitSettings, id, cancellationToken) : new Dictionary<string, ModelWait>();
        return new JsonResult(new { status = PollState(header.Status, waits) });
    }
}
