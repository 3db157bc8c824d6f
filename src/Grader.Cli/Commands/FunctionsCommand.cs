using System.CommandLine;
using Grader.Core.Expressions.Builtins;
using Spectre.Console;

namespace Grader.Cli.Commands;

/// <summary><c>grader functions</c>: what rubric and student expressions may call.</summary>
public static class FunctionsCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("functions", "List the functions available in rubric and answer expressions.");
        command.SetAction(_ =>
        {
            var table = new Table().Border(TableBorder.Simple).AddColumn("Function").AddColumn("Meaning");
            foreach (var signature in StandardFunctions.Table.Signatures)
                table.AddRow(Markup.Escape(signature.ToString()), Markup.Escape(signature.Summary));
            output.Console.Write(table);
            return GraderApp.ExitOk;
        });
        return command;
    }
}
