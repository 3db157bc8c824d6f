using System.Text.Json;

namespace Grader.Cli.Tests;

public class GradeCommandTests
{
    private const string Rubric = """
        id: mini
        title: Mini quiz
        total: 3
        items:
          - { id: q1.size, points: 1, kind: integer, expected: [5, 2], prompt: "Output size?" }
          - { id: q2.params, points: 2, kind: integer, expected: 156, prompt: "Parameters of Conv2d-1?" }
        """;

    [Fact]
    public async Task Prints_a_table_with_the_total()
    {
        using var temp = new TempFolder();
        var rubric = temp.Write("mini.yaml", Rubric);
        var answers = temp.Write("a.yaml", "q1.size: 5x2\nq2.params: 150\n");
        var run = await CliRun.Of("grade", rubric, answers);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("q1.size", run.Out);
        Assert.Contains("Total: 1 / 3", run.Out);
    }

    [Fact]
    public async Task Json_output_carries_points_status_and_feedback()
    {
        using var temp = new TempFolder();
        var rubric = temp.Write("mini.yaml", Rubric);
        var answers = temp.Write("a.json", """{ "student": { "id": "s1" }, "answers": { "q1.size": [5, 2], "q2.params": 156 } }""");
        var run = await CliRun.Of("grade", rubric, answers, "--json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(3, json.RootElement.GetProperty("total").GetDouble());
        Assert.Equal("s1", json.RootElement.GetProperty("student").GetProperty("id").GetString());
        var first = json.RootElement.GetProperty("items")[0];
        Assert.Equal("correct", first.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Points_read_the_same_in_grade_and_check()
    {
        // An item worth 1.625 points shows as 1.63 (halves away from zero) in both commands.
        using var temp = new TempFolder();
        var rubric = temp.Write("rubrics/half.yaml", """
            id: half
            title: Half
            total: 1.625
            items:
              - { id: q, points: 1.625, kind: vector, expected: [1, 2] }
            """);
        temp.Write("reference/half/cases.yaml", "solution.yaml: full\n");
        var solution = temp.Write("reference/half/solution.yaml", "q: [1, 2]\n");
        var grade = await CliRun.Of("grade", rubric, solution);
        Assert.Contains("Total: 1.63 / 1.63", grade.Out);
        var check = await CliRun.Of("check", rubric);
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("solution.yaml: 1.63 / 1.63", check.Out);
    }

    [Fact]
    public async Task Another_assignments_answers_file_gets_one_message_naming_both()
    {
        var run = await CliRun.Of("grade", RepositoryPaths.Rubric("rptu-dl-ex2"), Path.Combine(RepositoryPaths.Reference, "en4553-a2", "solution.yaml"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("this file answers en4553-a2, not rptu-dl-ex2", run.Error);
        Assert.DoesNotContain("not an item", run.Out + run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_malformed_answers_file_is_reported_with_its_position()
    {
        using var temp = new TempFolder();
        var rubric = temp.Write("mini.yaml", Rubric);
        var answers = temp.Write("a.yaml", "q1.size: [5, 2\nq2.params: 156\n");
        var run = await CliRun.Of("grade", rubric, answers);
        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"a\.yaml:\d+:\d+: ", run.Error);
    }

    [Fact]
    public async Task A_missing_file_is_a_clear_error()
    {
        var run = await CliRun.Of("grade", "/nonexistent/rubric.yaml", "/nonexistent/a.yaml");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("file not found", run.Error);
    }

    [Fact]
    public async Task The_seed_solution_scores_full_auto_marks()
    {
        var run = await CliRun.Of("grade", RepositoryPaths.Rubric("ai6126-hw1"),
            Path.Combine(RepositoryPaths.Reference, "ai6126-hw1", "solution.yaml"), "--json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        foreach (var item in json.RootElement.GetProperty("items").EnumerateArray())
        {
            var status = item.GetProperty("status").GetString();
            Assert.True(status is "correct" or "pending_manual" or "pending_model",
                $"{item.GetProperty("itemId").GetString()}: {status} {item.GetProperty("feedback").GetString()}");
        }
    }
}
