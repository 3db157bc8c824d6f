using Grader.Core.Rubrics;

namespace Grader.Core.Tests.Rubrics;

public class RubricLoaderTests
{
    private static RubricLoadResult Load(string yaml) => RubricLoader.Load(yaml, "r.yaml");

    private static string Problems(RubricLoadResult result) =>
        string.Join("\n", result.Problems.Select(p => p.Describe("r.yaml")));

    [Fact]
    public void A_complete_rubric_loads_with_its_items_in_order()
    {
        var result = Load("""
            id: hw-1
            title: Homework 1
            course: DL
            total: 3
            deadline: 2023-11-27T23:59:00+01:00
            inputs:
              X: [[1, 2], [3, 4]]
            items:
              - id: 1.a
                name: A
                points: 1
                kind: matrix
                expected: "X^T"
              - id: 1.b
                points: 2
                kind: number
                expected: "sum(A)"
                follow_through: 0.5
            """);
        Assert.True(result.Success, Problems(result));
        var rubric = result.Rubric!;
        Assert.Equal("hw-1", rubric.Id);
        Assert.Equal(["1.a", "1.b"], rubric.Items.Select(i => i.Id));
        Assert.Equal(new DateTimeOffset(2023, 11, 27, 23, 59, 0, TimeSpan.FromHours(1)), rubric.Deadline);
        Assert.Equal(["1.a"], rubric.Items[1].DependsOn);
        Assert.Equal(0.5, rubric.Items[1].FollowThrough);
        Assert.Equal(64, rubric.ContentHash.Length);
    }

    [Fact]
    public void A_misspelt_key_is_reported_at_its_line_and_column()
    {
        var result = Load("""
            id: hw
            title: T
            total: 1
            items:
              - id: a
                pointz: 1
                points: 1
                kind: number
                expected: 1
            """);
        var problem = Assert.Single(result.Problems);
        Assert.Contains("unknown key 'pointz'", problem.Message);
        Assert.Equal(6, problem.Position.Line);
        Assert.Equal(5, problem.Position.Column);
    }

    [Fact]
    public void Every_broken_item_is_reported_not_just_the_first()
    {
        var result = Load("""
            id: hw
            title: T
            total: 2
            items:
              - { id: a, points: 1, kind: numbr, expected: 1 }
              - { id: b, points: -1, kind: number, expected: 1 }
            """);
        Assert.Equal(2, result.Problems.Count);
        Assert.Contains("unknown kind 'numbr'", result.Problems[0].Message);
        Assert.Contains("'points' must be positive", result.Problems[1].Message);
    }

    [Fact]
    public void The_total_must_match_the_items()
    {
        var result = Load("""
            id: hw
            title: T
            total: 5
            items:
              - { id: a, points: 1, kind: number, expected: 1 }
              - { id: b, points: 2, kind: number, expected: 1, bonus: true }
            """);
        Assert.Contains("add up to 1", Assert.Single(result.Problems).Message);
    }

    [Fact]
    public void Expressions_may_only_use_declared_names_and_earlier_items()
    {
        var result = Load("""
            id: hw
            title: T
            total: 2
            items:
              - { id: a, points: 1, kind: number, expected: "B + 1" }
              - { id: b, name: B, points: 1, kind: number, expected: 1 }
            """);
        Assert.Contains("uses 'B'", Assert.Single(result.Problems).Message);
    }

    [Fact]
    public void A_parse_error_in_an_expression_points_into_the_file()
    {
        var result = Load("""
            id: hw
            title: T
            total: 1
            items:
              - id: a
                points: 1
                kind: number
                expected: "1 + * 2"
            """);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(8, problem.Position.Line);
        Assert.True(problem.Position.Column > 15, $"column {problem.Position.Column} should point inside the string");
    }

    [Fact]
    public void Follow_through_needs_an_earlier_item_to_follow()
    {
        var result = Load("""
            id: hw
            title: T
            total: 1
            items:
              - { id: a, points: 1, kind: number, expected: 1, follow_through: true }
            """);
        Assert.Contains("follow_through", Assert.Single(result.Problems).Message);
    }

    [Fact]
    public void Duplicate_item_ids_are_refused()
    {
        var result = Load("""
            id: hw
            title: T
            total: 2
            items:
              - { id: a, points: 1, kind: number, expected: 1 }
              - { id: a, points: 1, kind: number, expected: 1 }
            """);
        Assert.Contains("duplicate item id 'a'", Assert.Single(result.Problems).Message);
    }

    [Fact]
    public void Literal_expected_values_must_fit_the_kind()
    {
        var result = Load("""
            id: hw
            title: T
            total: 1
            items:
              - { id: a, points: 1, kind: vector, expected: [[1, 2]] }
            """);
        Assert.Contains("rank 1", Assert.Single(result.Problems).Message);
    }

    [Fact]
    public void Formula_dimensions_must_name_earlier_integer_variables()
    {
        var result = Load("""
            id: hw
            title: T
            total: 1
            items:
              - id: a
                points: 1
                kind: formula
                expected: "sum(x)"
                variables:
                  x: { vector: n }
                  n: { integer: [1, 3] }
            """);
        Assert.Contains("dimension 'n'", Assert.Single(result.Problems).Message);
    }

    [Fact]
    public void Model_items_read_their_requirement()
    {
        var result = Load("""
            id: hw
            title: T
            total: 5
            items:
              - id: cifar
                points: 5
                kind: model
                model: { dataset: cifar10, threshold: 0.7, scoring: { ramp_from: 0.6 } }
            """);
        Assert.True(result.Success, Problems(result));
        var check = Assert.IsType<ModelCheck>(result.Rubric!.Items[0].Check);
        Assert.Equal("cifar10", check.Requirement.Dataset);
        Assert.Equal("accuracy", check.Requirement.Metric);
        Assert.Equal(0.7, check.Requirement.Threshold);
        Assert.Equal(0.6, check.Requirement.RampFrom);
        Assert.Equal(["onnx"], check.Requirement.Formats);
    }

    [Fact]
    public void Malformed_yaml_is_a_problem_not_an_exception()
    {
        var result = Load("id: [unclosed\ntitle: x");
        Assert.False(result.Success);
        Assert.NotEmpty(result.Problems);
    }

    private static string WithCounts(string counts) => $$"""
        id: hw
        title: T
        total: 1
        {{counts}}
        items:
          - { id: a, points: 1, kind: number, expected: 1 }
        """;

    [Fact]
    public void Without_counts_the_latest_submission_counts()
    {
        var result = Load(WithCounts(""));
        Assert.True(result.Success, Problems(result));
        Assert.Equal(CountedSubmission.Latest, result.Rubric!.Counts);
    }

    [Theory]
    [InlineData("latest", CountedSubmission.Latest)]
    [InlineData("best", CountedSubmission.Best)]
    public void Counts_names_the_submission_that_counts(string text, CountedSubmission expected)
    {
        var result = Load(WithCounts("counts: " + text));
        Assert.True(result.Success, Problems(result));
        Assert.Equal(expected, result.Rubric!.Counts);
    }

    [Fact]
    public void An_unknown_counts_value_is_reported_at_its_line()
    {
        var result = Load(WithCounts("counts: highest"));
        var problem = Assert.Single(result.Problems);
        Assert.Equal("counts 'highest' is not one of: latest, best", problem.Message);
        Assert.Equal(4, problem.Position.Line);
    }
}
