using Grader.Cli.Files;

namespace Grader.Cli.Tests.Files;

public sealed class DataDirectoryTests
{
    [Fact]
    public void A_relative_data_directory_option_is_made_absolute_against_the_working_directory()
    {
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, ".data", "datasets"), DataDirectory.Resolve(".data/datasets"));
    }

    [Fact]
    public void An_absolute_data_directory_option_is_kept()
    {
        Assert.Equal("/srv/grader/datasets", DataDirectory.Resolve("/srv/grader/datasets"));
    }
}
