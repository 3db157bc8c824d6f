using Grader.Core.Rubrics;

namespace Grader.Core.Tests.Rubrics;

public class TextCriteriaTests
{
    private static RubricLoadResult Load(string extra) => RubricLoader.Load($$"""
        id: hw
        title: T
        total: 2
        items:
          - id: why
            points: 2
            kind: text
            model_answer: Because.
        {{extra}}
        """, "r.yaml");

    [Fact]
    public void Criteria_are_read_in_order_with_positive_scoring_by_default()
    {
        var result = Load("""
                criteria:
                  - { description: Robustness to outliers, points: 1.5 }
                  - { description: "Reason: squares let large errors dominate", points: 0.5 }
            """);
        Assert.True(result.Success, string.Join("\n", result.Problems.Select(p => p.Message)));
        var text = Assert.IsType<TextCheck>(result.Rubric!.Items[0].Check);
        Assert.Equal([new GradingCriterion("Robustness to outliers", 1.5), new GradingCriterion("Reason: squares let large errors dominate", 0.5)],
            text.Criteria);
        Assert.Equal(CriteriaScoring.Positive, text.Scoring);
    }

    [Fact]
    public void Negative_scoring_takes_criteria_with_negative_points()
    {
        var result = Load("""
                scoring: negative
                criteria:
                  - { description: No reason given, points: -1 }
            """);
        var text = Assert.IsType<TextCheck>(result.Rubric!.Items[0].Check);
        Assert.Equal((CriteriaScoring.Negative, -1.0), (text.Scoring, text.Criteria[0].Points));
    }

    [Fact]
    public void A_text_item_without_criteria_has_none()
    {
        Assert.Empty(Assert.IsType<TextCheck>(Load("").Rubric!.Items[0].Check).Criteria);
    }

    [Theory]
    [InlineData("criteria: [{ description: Too much, points: 3 }]", "criterion 'Too much': points must be between -2 and 2")]
    [InlineData("criteria: [{ description: Odd, points: 0.33 }]", "criterion 'Odd': points go in steps of 0.05.")]
    [InlineData("criteria: [{ description: A, points: 1 }, { description: A, points: 1 }]", "criterion 'A' is listed twice")]
    [InlineData("criteria: [{ description: A }]", "a criterion is missing 'points'")]
    [InlineData("criteria: [{ description: A, points: 1, weight: 2 }]", "weight")]
    [InlineData("scoring: sideways", "scoring 'sideways' is not one of: positive, negative")]
    public void A_wrong_criterion_is_reported_with_its_item(string extra, string message)
    {
        var problem = Assert.Single(Load("    " + extra).Problems);
        Assert.StartsWith("item why: ", problem.Message);
        Assert.Contains(message, problem.Message);
    }
}
