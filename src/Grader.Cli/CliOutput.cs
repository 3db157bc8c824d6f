using Spectre.Console;

namespace Grader.Cli;

/// <summary>
/// Where commands write: a Spectre console for tables on standard output, plain text for errors.
/// Colour only when writing to a terminal, so logs and tests get clean text.
/// </summary>
public sealed class CliOutput
{
    public CliOutput(TextWriter stdout, TextWriter stderr)
    {
        Out = stdout;
        Error = stderr;
        bool terminal = ReferenceEquals(stdout, System.Console.Out) && !System.Console.IsOutputRedirected;
        IsTerminal = terminal;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal) Console.Profile.Width = 160;
    }

    /// <summary>Standard output is an interactive terminal: progress bars and colour make sense.</summary>
    public bool IsTerminal { get; }

    public TextWriter Out { get; }
    public TextWriter Error { get; }
    public IAnsiConsole Console { get; }

    public int Fail(string message, int exitCode = GraderApp.ExitBadInput)
    {
        Error.WriteLine($"grader: {message}");
        return exitCode;
    }
}
