using Grader.Core.Rubrics;
using Grader.Data;
using Grader.Data.Rubrics;
using Grader.Server.Grading.Manual;
using Grader.Server.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Pages.Staff.Assignments;

/// <summary>The text items of an assignment with how far their manual grading is.</summary>
public sealed class ManualModel(IDbContextFactory<GraderDbContext> contexts, RubricCache rubrics, ManualGrading grading) : PageModel
{
    public StaffAssignment Access { get; private set; } = null!;
    public IReadOnlyList<(RubricItem Item, ManualProgress Progress)> Items { get; private set; } = [];
    public IReadOnlyList<TaProgress> ByTa { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await StaffAccess.AssignmentAsync(db, PageUser.From(User), id, cancellationToken) is not { } access) return NotFound();
            Access = access;
        }
        if (Access.Assignment.CurrentVersionId is not { } version) return Page();
        var rubric = await rubrics.GetAsync(version, cancellationToken);
        var textItems = rubric.Items.Where(i => i.Kind == ItemKind.Text).ToList();
        var progress = await grading.ProgressAsync(id, textItems, cancellationToken);
        Items = textItems.Select(i => (i, progress[i.Id])).ToList();
        ByTa = await grading.ProgressByTaAsync(id, textItems, cancellationToken);
        return Page();
    }
}
