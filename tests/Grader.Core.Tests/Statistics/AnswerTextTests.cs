using Grader.Core.Statistics;

namespace Grader.Core.Tests.Statistics;

public class AnswerTextTests
{
    [Theory]
    [InlineData("0.50", "0.5")]
    [InlineData(".5", "0.5")]
    [InlineData("5e-1", "0.5")]
    [InlineData("5E-1", "0.5")]
    [InlineData("1.", "1")]
    [InlineData("156.000", "156")]
    [InlineData("1e3", "1000")]
    public void Numbers_are_written_one_way(string given, string normalized)
    {
        Assert.Equal(normalized, AnswerText.Normalize(given));
    }

    [Fact]
    public void Runs_of_whitespace_become_one_space_and_ends_are_trimmed()
    {
        Assert.Equal("outliers dominate the fit", AnswerText.Normalize("  outliers \t dominate\n\nthe   fit "));
    }

    [Fact]
    public void Spaces_next_to_brackets_commas_and_operators_are_dropped()
    {
        Assert.Equal("[[-40,-40],[-40,-40]]", AnswerText.Normalize("[[-40, -40], [ -40 , -40 ]]"));
        Assert.Equal("-y*ln(yhat)", AnswerText.Normalize("- y * ln( yhat )"));
    }

    [Fact]
    public void Numbers_inside_vectors_are_normalised_each()
    {
        Assert.Equal("[10,10,0,0]", AnswerText.Normalize("[10.0, 1e1, 0.00, 0]"));
    }

    [Fact]
    public void Digits_that_are_part_of_a_name_stay_as_they_are()
    {
        Assert.Equal("x2+w01", AnswerText.Normalize("x2 + w01"));
    }

    [Fact]
    public void Letter_case_is_kept_because_symbols_differ_by_case()
    {
        Assert.NotEqual(AnswerText.Normalize("y*ln(Y)"), AnswerText.Normalize("y*ln(y)"));
    }
}
