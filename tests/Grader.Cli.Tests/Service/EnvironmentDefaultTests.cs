using System.CommandLine;
using Grader.Cli.Commands.Service;

namespace Grader.Cli.Tests.Service;

/// <summary>A service option read from its GRADER_* variable when not given (each test its own variable: the environment is process-wide).</summary>
public sealed class EnvironmentDefaultTests
{
    private static (Option<int> Option, ParseResult Parse) Parse(string variable, params string[] args)
    {
        var option = new Option<int>("--concurrency") { Description = "Jobs at once." }.FromEnvironment(variable, () => 7);
        var command = new RootCommand { option };
        return (option, command.Parse(args));
    }

    private static string Variable() => "GRADER_TEST_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Fact]
    public void Without_the_option_or_the_variable_the_default_holds()
    {
        var (option, parse) = Parse(Variable());
        Assert.Empty(parse.Errors);
        Assert.Equal(7, parse.GetValue(option));
    }

    /// <summary>Runs <paramref name="test"/> with a fresh variable set to <paramref name="value"/>, then removes it.</summary>
    private static void WithVariable(string value, Action<string> test)
    {
        var variable = Variable();
        Environment.SetEnvironmentVariable(variable, value);
        try { test(variable); }
        finally { Environment.SetEnvironmentVariable(variable, null); }
    }

    [Fact]
    public void The_variable_sets_the_value_and_the_option_wins_over_it() => WithVariable(" 3 ", variable =>
    {
        var (option, fromVariable) = Parse(variable);
        Assert.Equal(3, fromVariable.GetValue(option));
        var (given, fromOption) = Parse(variable, "--concurrency", "5");
        Assert.Equal(5, fromOption.GetValue(given));
        Assert.Contains($"[env: {variable}]", option.Description);
    });

    [Fact]
    public void A_value_that_does_not_parse_is_an_error_naming_the_variable() => WithVariable("four", variable =>
    {
        var (_, parse) = Parse(variable);
        Assert.Contains(parse.Errors, e => e.Message.Contains($"{variable}=four"));
    });

    public enum Isolation { Auto, Bubblewrap, Process }

    [Theory]
    [InlineData("process", Isolation.Process)]
    [InlineData("Bubblewrap", Isolation.Bubblewrap)]
    public void An_enum_is_read_by_its_name_in_any_case(string value, Isolation expected) => WithVariable(value, variable =>
    {
        var option = new Option<Isolation>("--sandbox").FromEnvironment(variable, () => Isolation.Auto);
        Assert.Equal(expected, new RootCommand { option }.Parse([]).GetValue(option));
    });

    [Theory]
    [InlineData("2")]
    [InlineData("docker")]
    public void An_enum_by_number_or_unknown_name_is_an_error(string value) => WithVariable(value, variable =>
    {
        var option = new Option<Isolation>("--sandbox").FromEnvironment(variable, () => Isolation.Auto);
        Assert.Contains(new RootCommand { option }.Parse([]).Errors, e => e.Message.Contains($"{variable}={value}"));
    });

    [Fact]
    public async Task Serve_refuses_a_metrics_network_that_does_not_parse()
    {
        var run = await CliRun.Of("serve", "--db", "Host=127.0.0.1;Port=1", "--metrics-from", "10.0.0.0/33");
        Assert.Equal(GraderApp.ExitBadInput, run.ExitCode);
        Assert.Contains("--metrics-from: '10.0.0.0/33'", run.Error);
    }
}
