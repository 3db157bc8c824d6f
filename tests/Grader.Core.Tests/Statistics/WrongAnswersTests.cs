using Grader.Core.Statistics;

namespace Grader.Core.Tests.Statistics;

public class WrongAnswersTests
{
    [Fact]
    public void Answers_that_differ_only_in_writing_are_one_group_shown_as_most_wrote_it()
    {
        var groups = WrongAnswers.Group([
            new("150", "The bias is missing.", 0),
            new("150.0", "The bias is missing.", 0),
            new(" 150", "The bias is missing.", 0),
            new("150.0", "The bias is missing.", 0),
        ]);
        var group = Assert.Single(groups);
        Assert.Equal(new WrongAnswerGroup("150.0", 4, "The bias is missing.", 0), group);
    }

    [Fact]
    public void Groups_are_ordered_by_how_many_gave_them_then_by_answer()
    {
        var groups = WrongAnswers.Group([
            new("b", "f", 0), new("c", "f", 0), new("c", "f", 0), new("a", "f", 0),
        ]);
        Assert.Equal(["c", "a", "b"], groups.Select(g => g.Answer));
        Assert.Equal([2, 1, 1], groups.Select(g => g.Count));
    }

    [Fact]
    public void The_example_feedback_and_points_are_those_most_of_the_group_got()
    {
        // the same answer, graded twice with the mistake's feedback and once (an older rubric) without
        var group = Assert.Single(WrongAnswers.Group([
            new("0.3486", "Not the expected value.", 0),
            new("0.3486", "log10 instead of ln.", 1),
            new("0.3486", "log10 instead of ln.", 1),
        ]));
        Assert.Equal("log10 instead of ln.", group.ExampleFeedback);
        Assert.Equal(1, group.Points);
    }

    [Fact]
    public void Only_the_requested_number_of_groups_is_kept()
    {
        var answers = Enumerable.Range(1, 8).Select(i => new WrongAnswer($"answer {i}", "f", 0));
        Assert.Equal(3, WrongAnswers.Group(answers, limit: 3).Count);
    }

    [Fact]
    public void No_wrong_answers_give_no_groups()
    {
        Assert.Empty(WrongAnswers.Group([]));
    }
}
