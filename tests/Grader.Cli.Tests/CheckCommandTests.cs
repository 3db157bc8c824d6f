using Grader.Tests.Shared;

namespace Grader.Cli.Tests;

public class CheckCommandTests
{
    [Fact]
    public async Task Every_repository_rubric_checks_out_against_its_reference_answers()
    {
        var run = await CliRun.Of("check", RepositoryPaths.Rubrics);
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.Contains("All rubrics and reference answers check out.", run.Out);
    }

    [Fact]
    public async Task All_five_seed_assignments_have_a_rubric()
    {
        var run = await CliRun.Of("check", RepositoryPaths.Rubrics);
        foreach (var id in new[] { "rptu-dl-ex2", "nyu-dl-hw2", "ai6126-hw1", "en4553-a2", "nnti-ws2425-sheet10" })
            Assert.Contains(id, run.Out);
    }

    [Fact]
    public async Task A_tolerance_that_refuses_a_rounded_answer_is_warned_about()
    {
        // 1/3 = 0.3333...: a student writes 0.333, which abs 0.0001 without sigfigs refuses.
        using var temp = new TempFolder();
        var rubric = temp.Write("rubrics/third.yaml", """
            id: third
            title: Third
            total: 1
            items:
              - { id: q, points: 1, kind: number, expected: "1/3", tolerance: { abs: 0.0001, sigfigs: false } }
            """);
        temp.Write("reference/third/cases.yaml", "solution.yaml: full\n");
        temp.Write("reference/third/solution.yaml", "q: 0.33333\n");
        var run = await CliRun.Of("check", rubric);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warn q: its tolerance (±0.0001) refuses 0.333, the 3-significant-figure rounding of 0.333333", run.Out);
    }

    [Fact]
    public async Task A_broken_rubric_fails_with_file_line_and_column()
    {
        using var temp = new TempFolder();
        var path = temp.Write("rubrics/bad.yaml", """
            id: bad
            title: Bad
            total: 1
            items:
              - { id: a, points: 1, kind: nubmer, expected: 1 }
            """);
        var run = await CliRun.Of("check", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{path}:5:", run.Out);
        Assert.Contains("unknown kind 'nubmer'", run.Out);
    }

    [Theory]
    [InlineData("{ type: Conv2d, in_channels: 1, out_channels: 8, kernel_size: 3, afine: true }", ":14:", "Conv2d has no argument 'afine'")]
    [InlineData("{ type: Swish }", ":14:", "layer type 'Swish' is not supported")]
    // Wired wrongly: Fashion-MNIST's 28x28 gives 8x26x26 features after the Conv2d, not 128.
    [InlineData("{ type: Conv2d, in_channels: 1, out_channels: 8, kernel_size: 3 } | { type: Flatten } | { type: Linear, in_features: 128, out_features: 10 }",
        ":13:", "item 'net': architecture: layer 2 (Linear): in_features is 128, but its input has 5408 features")]
    public async Task A_layer_list_mistake_fails_the_check_with_its_line(string layers, string line, string expected)
    {
        using var temp = new TempFolder();
        var path = temp.Write("rubrics/net.yaml", ModelRubricYaml.FashionMnist("net", layers.Split(" | ")));
        var run = await CliRun.Of("check", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"FAIL {path}", run.Out);
        Assert.Contains($"{path}{line}", run.Out);
        Assert.Contains(expected, run.Out);
    }

    [Fact]
    public async Task A_reference_case_with_wrong_expected_marks_fails()
    {
        using var temp = new TempFolder();
        var rubric = temp.Write("rubrics/mini.yaml", """
            id: mini
            title: Mini
            total: 2
            items:
              - { id: a, points: 1, kind: number, expected: 1 }
              - { id: b, points: 1, kind: number, expected: 2 }
            """);
        temp.Write("reference/mini/solution.yaml", "a: 1\nb: 2");
        temp.Write("reference/mini/wrong.yaml", "a: 1\nb: 3");
        temp.Write("reference/mini/cases.yaml", "solution.yaml: full\nwrong.yaml:\n  items:\n    a: 0\n");
        var run = await CliRun.Of("check", rubric);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("a: expected 0 points, got 1", run.Out);
        Assert.Contains("b: expected 1 points, got 0", run.Out);
    }

    [Fact]
    public async Task Answer_files_missing_from_cases_yaml_are_reported()
    {
        using var temp = new TempFolder();
        var rubric = temp.Write("rubrics/mini.yaml", "id: mini\ntitle: M\ntotal: 1\nitems:\n  - { id: a, points: 1, kind: number, expected: 1 }\n");
        temp.Write("reference/mini/solution.yaml", "a: 1");
        temp.Write("reference/mini/stray.yaml", "a: 2");
        temp.Write("reference/mini/cases.yaml", "solution.yaml: full\n");
        var run = await CliRun.Of("check", rubric);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("stray.yaml: not listed in cases.yaml", run.Out);
    }
}
