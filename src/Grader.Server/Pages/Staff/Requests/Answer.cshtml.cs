using System.Globalization;
using Grader.Data;
using Grader.Data.Entities;
using Grader.Server.Grading;
using Grader.Server.Grading.Requests;
using Grader.Server.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Pages.Staff.Requests;

/// <summary>One regrade request: the answer and mark it is about, the student's message; staff answer it and may change the mark.</summary>
public sealed class AnswerModel(IDbContextFactory<GraderDbContext> contexts, RegradeRequests requests) : PageModel
{
    [BindProperty] public string? Reply { get; set; }
    /// <summary>Empty to keep the mark.</summary>
    [BindProperty] public string? Points { get; set; }
    /// <summary>The mark's last update when the page was opened (UTC ticks).</summary>
    [BindProperty] public long Seen { get; set; }

    public StaffRequest Asked { get; private set; } = null!;
    public Mark Mark { get; private set; } = null!;
    public string? Error { get; private set; }
    private string CourseId { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        Seen = Mark.UpdatedAt.UtcTicks;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        double? points = null;
        if (!string.IsNullOrWhiteSpace(Points))
        {
            if (!double.TryParse(Points.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var p))
            {
                Error = "Enter the new points as a number, or leave them empty to keep the mark.";
                return Page();
            }
            points = p;
        }
        var (outcome, problem) = await requests.AnswerAsync(id, Reply ?? "", points, new DateTimeOffset(Seen, TimeSpan.Zero),
            PageUser.From(User)!.StaffOf(CourseId)!.StaffId, cancellationToken);
        switch (outcome)
        {
            case RequestOutcome.Done:
                TempData["Flash"] = $"Request #{id} answered.";
                return Redirect("/staff/requests" + $"?assignment={Uri.EscapeDataString(Asked.AssignmentId)}");
            case RequestOutcome.Stale:
                Error = "The mark changed since you opened this page: check it and answer again.";
                Seen = Mark.UpdatedAt.UtcTicks;
                return Page();
            case RequestOutcome.Refused:
                Error = problem;
                return Page();
            default:
                return NotFound();
        }
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var user = PageUser.From(User)!;
        if (await requests.FindAsync(user.StaffCourses, id, cancellationToken) is not { } request) return false;
        Asked = request;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        CourseId = await db.Assignments.Where(a => a.Id == request.AssignmentId).Select(a => a.CourseId).SingleAsync(cancellationToken);
        Mark = await db.Marks.AsNoTracking().SingleAsync(m => m.SubmissionId == request.SubmissionId && m.ItemId == request.ItemId, cancellationToken);
        return true;
    }
}
