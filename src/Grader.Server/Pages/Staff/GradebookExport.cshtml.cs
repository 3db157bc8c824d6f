using System.Text;
using Grader.Data;
using Grader.Data.Rubrics;
using Grader.Server.Web.Auth;
using Grader.Server.Web.Gradebook;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Pages.Staff;

/// <summary>The whole gradebook (no filter) as CSV, a download.</summary>
public sealed class GradebookExportModel(IDbContextFactory<GraderDbContext> contexts, RubricCache rubrics) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var data = await GradebookQuery.LoadVisibleAsync(db, rubrics, PageUser.From(User)!, id, cancellationToken);
        if (data is null) return NotFound();
        var csv = GradebookCsv.Write(GradebookBuilder.Build(data, new GradebookOptions()));
        // UTF-8 with a byte-order mark: Excel then reads names with accents right; LMS importers skip it.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        return File(bytes, "text/csv; charset=utf-8", GradebookCsv.FileName(data.AssignmentId, DateTimeOffset.UtcNow));
    }
}
