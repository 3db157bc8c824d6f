using Grader.Data;
using Grader.Data.Rubrics;
using Grader.Server.Web.Auth;
using Grader.Server.Web.Gradebook;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Pages.Staff;

/// <summary>An assignment's gradebook: every student of the course, one column per rubric item.</summary>
public sealed class GradebookModel(IDbContextFactory<GraderDbContext> contexts, RubricCache rubrics) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    /// <summary>"desc" for descending; anything else ascending.</summary>
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }
    [BindProperty(SupportsGet = true)] public string? Filter { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public GradebookView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var data = await GradebookQuery.LoadVisibleAsync(db, rubrics, PageUser.From(User)!, id, cancellationToken);
        if (data is null) return NotFound();
        View = GradebookBuilder.Build(data, new GradebookOptions(Sort, Dir == "desc", Filter, Q));
        return Page();
    }

    /// <summary>The link of a column header: sorts by it, or turns the order round if it already sorts.</summary>
    public string SortUrl(string key)
    {
        bool turn = View.Options.SortKey == key && !View.Options.Descending;
        return Url.Page("/Staff/Gradebook", new { id = View.Data.AssignmentId, sort = key, dir = turn ? "desc" : null, filter = Filter, q = Q })!;
    }

    /// <summary>A column's tooltip: the item's full id and its question (the header shows as much of the id as fits).</summary>
    public static string ItemTitle(GradebookItem item) =>
        item.Id + (item.Bonus ? " (bonus)" : "") + (item.Prompt.Length > 0 ? ": " + (item.Prompt.Length > 300 ? item.Prompt[..300] + "…" : item.Prompt) : "");

    /// <summary>▲ or ▼ beside the column that sorts, nothing elsewhere.</summary>
    public string SortMark(string key) => View.Options.SortKey != key ? "" : View.Options.Descending ? " ▼" : " ▲";
}
