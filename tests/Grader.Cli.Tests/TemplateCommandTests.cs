using Grader.Core.Rubrics;

namespace Grader.Cli.Tests;

public class TemplateCommandTests
{
    [Theory]
    [InlineData("rptu-dl-ex2")]
    [InlineData("en4553-a2")]
    public async Task Template_lists_every_item_of_the_rubric(string id)
    {
        var path = RepositoryPaths.Rubric(id);
        var rubric = RubricLoader.Load(File.ReadAllText(path), path).Rubric!;
        var run = await CliRun.Of("template", path);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"\nassignment: {id}\n", run.Out);
        foreach (var item in rubric.Items)
            Assert.Contains($"\n  {item.Id}:", run.Out);
    }

    [Fact]
    public async Task A_template_of_one_assignment_is_refused_by_another()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Root, "answers.yaml");
        await CliRun.Of("template", RepositoryPaths.Rubric("ai6126-hw1"), "-o", path);
        var graded = await CliRun.Of("grade", RepositoryPaths.Rubric("nyu-dl-hw2"), path);
        Assert.Equal(2, graded.ExitCode);
        Assert.Contains("this file answers ai6126-hw1, not nyu-dl-hw2", graded.Error);
    }

    [Fact]
    public async Task Filled_template_is_a_valid_answers_file()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Root, "answers.yaml");
        var run = await CliRun.Of("template", RepositoryPaths.Rubric("ai6126-hw1"), "-o", path);
        Assert.Equal(0, run.ExitCode);
        var graded = await CliRun.Of("grade", RepositoryPaths.Rubric("ai6126-hw1"), path);
        Assert.Equal(0, graded.ExitCode);
        Assert.Contains("Total: 0 /", graded.Out);
    }
}
