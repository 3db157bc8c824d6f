using System.CommandLine;
using Grader.Worker.Sandbox.Child;
using Grader.Worker.Sandbox.Launch;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader sandbox-child</c> (hidden): the evaluation child that a worker, or
/// <c>grader evaluate --sandbox</c>, starts in the sandbox. It applies the limits it is given,
/// then speaks frames on stdin and stdout (Grader.Worker.Sandbox), never to a person. Being the
/// same executable, it ships in every build, the self-contained GPU bundle included.
/// </summary>
public static class SandboxChildCommand
{
    public static Command Create()
    {
        Option<long> Limit(string name) => new(name) { Required = true };
        var memory = Limit("--memory-bytes");
        var cpu = Limit("--cpu-seconds");
        var file = Limit("--file-bytes");
        var openFiles = Limit("--open-files");
        var command = new Command(ChildProgram.GraderCommand, "Evaluate one model sent on stdin (started by the grader itself).")
        {
            Hidden = true,
        };
        foreach (var option in new[] { memory, cpu, file, openFiles }) command.Options.Add(option);
        command.SetAction((parse, _) => SandboxChild.RunAsync(parse.GetValue(memory), parse.GetValue(cpu), parse.GetValue(file),
            parse.GetValue(openFiles), Console.OpenStandardInput(), Console.OpenStandardOutput()));
        return command;
    }
}
