using Grader.Core.Marking;

namespace Grader.Core.Tests.Marking;

public class AnswerGroupKeyTests
{
    [Theory]
    [InlineData("Robust to outliers.", "robust  to\noutliers.")]
    [InlineData("L1 is robust to outliers", "l1 IS robust to outliers")]
    [InlineData("the loss is 0.50", "The loss is .5")]
    [InlineData("batch size 1e1", "batch size 10")]
    [InlineData("  padding keeps the size  ", "padding keeps the size")]
    public void Answers_that_differ_only_in_whitespace_case_or_how_numbers_are_written_share_a_key(string a, string b)
    {
        Assert.Equal(AnswerGroupKey.Of(a), AnswerGroupKey.Of(b));
    }

    [Theory]
    [InlineData("Robust to outliers.", "Not robust to outliers.")]
    [InlineData("the loss is 0.5", "the loss is 0.6")]
    [InlineData("x2", "x 2")]
    public void Answers_that_say_something_else_do_not(string a, string b)
    {
        Assert.NotEqual(AnswerGroupKey.Of(a), AnswerGroupKey.Of(b));
    }
}
