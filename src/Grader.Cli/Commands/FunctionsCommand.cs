using System.CommandLine;
using Grader.Core.Expressions.Builtins;
using Spectre.Console;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader functions</c>: what rubric and student expressions may call. Answers get the
/// elementary functions only; the reference library is for rubric expressions (and for the
/// functions an item allows by name).
/// </summary>
public static class FunctionsCommand
{
    public static Command Create(CliOutput output)
    {
        var markdownOption = new Option<bool>("--markdown") { Description = "Print a Markdown table (docs/functions.md is made this way)." };
        var command = new Command("functions", "List the functions available in rubric and answer expressions.") { markdownOption };
        command.SetAction(parse =>
        {
            if (parse.GetValue(markdownOption)) WriteMarkdown(output.Out);
            else WriteTable(output.Console);
            return GraderApp.ExitOk;
        });
        return command;
    }

    private static void WriteTable(IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumn("Function").AddColumn("In answers").AddColumn("Meaning");
        foreach (var signature in StandardFunctions.Table.Signatures)
            table.AddRow(Markup.Escape(signature.ToString()), Availability(signature.Name), Markup.Escape(signature.Summary));
        console.Write(table);
    }

    private static void WriteMarkdown(TextWriter writer)
    {
        writer.WriteLine("| function | in answers | meaning |");
        writer.WriteLine("|---|---|---|");
        foreach (var signature in StandardFunctions.Table.Signatures)
            writer.WriteLine($"| `{signature}` | {Availability(signature.Name)} | {signature.Summary.Replace("|", "\\|")} |");
    }

    private static string Availability(string name) =>
        StandardFunctions.Student.Contains(name) ? "yes" : "rubrics only";
}
