using Grader.Core.Checking;
using Grader.Core.Marking;
using Grader.Core.Rubrics;
using Spectre.Console;

namespace Grader.Cli.Output;

/// <summary>The marks as a table: one row per item, then the total.</summary>
public static class ReportTable
{
    public static void Write(IAnsiConsole console, Rubric rubric, GradeReport report)
    {
        console.MarkupLine($"[bold]{Markup.Escape(rubric.Title)}[/] ({Markup.Escape(rubric.Id)})"
            + (report.Student?.Id is { } id ? $" - student {Markup.Escape(id)}" : ""));
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Item").AddColumn(new TableColumn("Points").RightAligned()).AddColumn("Status").AddColumn("Feedback");
        foreach (var item in report.Items)
            table.AddRow(
                Markup.Escape(item.ItemId + (item.Bonus ? " (bonus)" : "")),
                $"{Points(item.Points)} / {Points(item.MaxPoints)}",
                StatusMarkup(item.Status),
                Markup.Escape(item.Feedback));
        console.Write(table);
        console.MarkupLine($"[bold]Total: {Points(report.Total)} / {Points(report.MaxTotal)}[/]"
            + (report.PendingCount > 0 ? $" ({report.PendingCount} item(s) pending manual grading or model evaluation)" : ""));
        foreach (var warning in report.Warnings) console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
    }

    public static string Points(double points) => PointsFormat.Format(points);

    private static string StatusMarkup(MarkStatus status) => status switch
    {
        MarkStatus.Correct => "[green]correct[/]",
        MarkStatus.Partial => "[yellow]partial[/]",
        MarkStatus.FollowThrough => "[yellow]carried forward[/]",
        MarkStatus.Incorrect => "[red]incorrect[/]",
        MarkStatus.Missing => "[red]missing[/]",
        MarkStatus.Invalid => "[red]unreadable[/]",
        MarkStatus.PendingManual => "[blue]manual grading[/]",
        MarkStatus.PendingModel => "[blue]model evaluation[/]",
        MarkStatus.Error => "[magenta]error[/]",
        _ => status.ToString(),
    };
}
