using System.CommandLine;
using Grader.Cli.Commands;
using Grader.Cli.Commands.Service;

namespace Grader.Cli;

/// <summary>The <c>grader</c> command line: composition of the subcommands.</summary>
public static class GraderApp
{
    public const int ExitOk = 0;
    public const int ExitCheckFailed = 1;
    public const int ExitBadInput = 2;

    public static RootCommand Build(CliOutput output)
    {
        var root = new RootCommand("Grader: automated grading of deep-learning coursework.");
        root.Subcommands.Add(GradeCommand.Create(output));
        root.Subcommands.Add(CheckCommand.Create(output));
        root.Subcommands.Add(TemplateCommand.Create(output));
        root.Subcommands.Add(FunctionsCommand.Create(output));
        root.Subcommands.Add(EvaluateCommand.Create(output));
        root.Subcommands.Add(DatasetCommand.Create(output));
        root.Subcommands.Add(ServeCommand.Create(output));
        root.Subcommands.Add(WorkerCommand.Create(output));
        root.Subcommands.Add(AdminCommand.Create(output));
        root.Subcommands.Add(SubmitCommand.Create(output));
        root.Subcommands.Add(SandboxChildCommand.Create());
        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var output = new CliOutput(stdout, stderr);
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        return Build(output).Parse(args).InvokeAsync(configuration, cancellationToken);
    }
}
