using Grader.Server.Grading.Requests;
using Grader.Server.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grader.Server.Pages.Staff.Requests;

/// <summary>The regrade requests of the signed-in person's courses: open ones first (the queue), one assignment's if asked.</summary>
public sealed class IndexModel(RegradeRequests requests) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Assignment { get; set; }
    /// <summary>"all" to list answered requests too.</summary>
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }

    public IReadOnlyList<StaffRequest> Rows { get; private set; } = [];
    public int Open => Rows.Count(r => r.IsOpen);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Rows = await requests.QueueAsync(PageUser.From(User)!.StaffCourses, string.IsNullOrEmpty(Assignment) ? null : Assignment, Show == "all",
            cancellationToken);
}
