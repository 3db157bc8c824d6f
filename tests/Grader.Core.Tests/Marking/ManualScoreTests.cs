using Grader.Core.Checking;
using Grader.Core.Marking;
using Grader.Core.Rubrics;

namespace Grader.Core.Tests.Marking;

public class ManualScoreTests
{
    // Scores from criteria, worked by hand: start + ticked + adjustment, kept within [0, max].
    [Theory]
    [InlineData(CriteriaScoring.Positive, new double[] { 1.5, 0.5 }, 0, 2)]        // both criteria of ai6126 q4
    [InlineData(CriteriaScoring.Positive, new double[] { 1.5 }, 0, 1.5)]
    [InlineData(CriteriaScoring.Positive, new double[] { 0.35, 0.35, 0.3 }, 0, 1)] // rptu 2.1.ii in hundredths
    [InlineData(CriteriaScoring.Positive, new double[] { 1.5, 0.5 }, 0.5, 2)]      // clamped at the maximum
    [InlineData(CriteriaScoring.Positive, new double[] { }, -0.5, 0)]              // clamped at 0
    [InlineData(CriteriaScoring.Positive, new double[] { 1.5 }, -0.25, 1.25)]
    [InlineData(CriteriaScoring.Negative, new double[] { }, 0, 2)]                 // negative scoring starts full
    [InlineData(CriteriaScoring.Negative, new double[] { -0.5, -1 }, 0, 0.5)]
    [InlineData(CriteriaScoring.Negative, new double[] { -1.5, -1 }, 0, 0)]
    public void Criteria_add_to_the_start_within_the_items_points(CriteriaScoring scoring, double[] ticked, double adjustment, double score)
    {
        Assert.Equal(score, ManualScore.FromCriteria(2, scoring, ticked, adjustment));
    }

    [Theory]
    [InlineData(1.5, null)]
    [InlineData(-2, null)]
    [InlineData(2.5, "points must be between -2 and 2")]
    [InlineData(0.33, "points go in steps of 0.05.")]
    public void A_criterion_is_worth_at_most_the_items_points_either_way_in_steps(double points, string? problem)
    {
        Assert.Equal(problem, ManualScore.CriterionProblem(points, 2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.35)]
    [InlineData(1.5)]
    [InlineData(2)]
    public void Scores_from_0_to_the_maximum_in_steps_of_a_twentieth_are_accepted(double points)
    {
        Assert.Null(ManualScore.Problem(points, 2));
    }

    [Theory]
    [InlineData(-0.5, "Points must be between 0 and 2.")]
    [InlineData(2.5, "Points must be between 0 and 2.")]
    [InlineData(0.333, "Points go in steps of 0.05.")]
    [InlineData(double.NaN, "Enter the points.")]
    [InlineData(null, "Enter the points.")]
    public void Scores_out_of_range_off_the_step_or_missing_are_refused(double? points, string problem)
    {
        Assert.Equal(problem, ManualScore.Problem(points, 2));
    }

    [Theory]
    [InlineData(2, MarkStatus.Correct)]
    [InlineData(1.5, MarkStatus.Partial)]
    [InlineData(0.05, MarkStatus.Partial)]
    [InlineData(0, MarkStatus.Incorrect)]
    public void The_result_follows_the_fraction_of_the_maximum(double points, MarkStatus result)
    {
        Assert.Equal(result, ManualScore.ResultFor(points, 2));
    }

    [Fact]
    public void Typed_points_are_rounded_to_the_step()
    {
        Assert.Equal(0.3, ManualScore.Round(0.1 + 0.2));
        Assert.Equal(0.35, ManualScore.Round(0.35000000001));
    }
}
