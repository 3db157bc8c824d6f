using System.CommandLine;
using Grader.Cli.Files;
using Grader.Cli.Output;

namespace Grader.Cli.Commands;

/// <summary><c>grader template &lt;rubric&gt;</c>: the answers skeleton for students.</summary>
public static class TemplateCommand
{
    public static Command Create(CliOutput output)
    {
        var rubricArgument = new Argument<string>("rubric") { Description = "The assignment's rubric (YAML)." };
        var outputOption = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("template", "Write the answers file skeleton students fill in.") { rubricArgument, outputOption };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (rubric, errors) = await RubricFiles.LoadRubricAsync(parse.GetValue(rubricArgument)!, cancellationToken);
            if (rubric is null) return output.Fail(string.Join(Environment.NewLine, errors));
            var template = AnswerTemplate.Write(rubric);
            if (parse.GetValue(outputOption) is { } path) await File.WriteAllTextAsync(path, template, cancellationToken);
            else output.Out.Write(template);
            return GraderApp.ExitOk;
        });
        return command;
    }
}
