using Grader.Core.Checking;
using Grader.Core.Marking;
using Grader.Core.Rubrics;

namespace Grader.Core.Tests.Marking;

public class ManualScoreTests
{
    private static RubricItem TextItem(double points, params string[] notes) =>
        new("q", null, "Why?", points, false, ItemKind.Text, ItemFeedback.None, new TextCheck("Because.", notes));

    [Fact]
    public void The_usual_levels_are_none_half_and_full_on_keys_0_1_2()
    {
        Assert.Equal(
            [new ScoreLevel(0, "0", "0"), new ScoreLevel(1, "half", "1"), new ScoreLevel(2, "full", "2")],
            ManualScore.Levels(TextItem(2)));
    }

    [Fact]
    public void The_weights_of_the_notes_add_levels_smallest_first_on_keys_from_3()
    {
        // ai6126-hw1 q4: "(1.5)" and "(0.5)" of 2 points; 0.5 is not half (1), so both are new.
        var levels = ManualScore.Levels(TextItem(2, "Robustness to outliers (1.5)", "Reason: median vs mean (0.5)"));
        Assert.Equal([(0.5, "3"), (1.5, "4")], levels.Skip(3).Select(l => (l.Points, l.Key)));
    }

    [Fact]
    public void Note_weights_equal_to_a_usual_level_or_to_each_other_add_nothing()
    {
        // rptu 2.1.iii: 0.5 and 0.5 of 1 point are half marks
        Assert.Equal(3, ManualScore.Levels(TextItem(1, "valid (0.5)", "same (0.5)")).Count);
        // rptu 2.1.ii: 0.35 twice and 0.3
        var levels = ManualScore.Levels(TextItem(1, "K1 (0.35)", "K2 (0.35)", "K3 (0.3)"));
        Assert.Equal([0.3, 0.35], levels.Skip(3).Select(l => l.Points));
    }

    [Theory]
    [InlineData("Robustness to outliers (1.5)", 1.5)]
    [InlineData("K3: Laplacian (0.3)  ", 0.3)]
    [InlineData("Batch statistics (mean/variance) estimated from the mini-batch (1)", 1.0)]
    public void A_note_weight_is_the_number_in_brackets_at_its_end(string note, double weight)
    {
        Assert.Equal(weight, ManualScore.NoteWeight(note));
    }

    [Theory]
    [InlineData("Mentions (mean/variance) somewhere")]
    [InlineData("(1) at the start only")]
    public void A_note_without_a_trailing_weight_has_none(string note)
    {
        Assert.Null(ManualScore.NoteWeight(note));
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
