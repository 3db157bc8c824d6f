namespace Grader.Cli.Tests;

public class FunctionsCommandTests
{
    [Fact]
    public async Task The_function_reference_in_docs_is_up_to_date()
    {
        var run = await CliRun.Of("functions", "--markdown");
        Assert.Equal(0, run.ExitCode);
        var documented = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "functions.md"));
        Assert.True(documented.EndsWith(run.Out, StringComparison.Ordinal),
            "docs/functions.md is stale: regenerate it with `grader functions --markdown` (see its header)");
    }

    [Fact]
    public async Task The_table_lists_reference_and_math_functions()
    {
        var run = await CliRun.Of("functions");
        Assert.Contains("conv2d(", run.Out);
        Assert.Contains("inv(", run.Out);
    }
}
