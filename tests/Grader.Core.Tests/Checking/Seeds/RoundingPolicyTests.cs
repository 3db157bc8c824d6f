using Grader.Core.Checking;
using static Grader.Core.Tests.Checking.GradingHarness;

namespace Grader.Core.Tests.Checking.Seeds;

/// <summary>
/// One tolerance policy: an answer rounded to three significant figures is right unless the rubric
/// says otherwise, and grader check warns where an item's tolerance would refuse such a rounding.
/// </summary>
public class RoundingPolicyTests
{
    [Fact]
    public void En4553_y_rounded_to_three_figures_earns_full_marks()
    {
        // Index 040479X: y = 16.46 by the independent key; a student writes 16.5.
        double y = SeedRubrics.Number("en4553-a2", "1.b.y", "040479X");
        Assert.Equal(16.46, y, 9);
        var result = SeedRubrics.GradeOne("en4553-a2", "1.b.y", "16.5", index: "040479X");
        Assert.Equal(MarkStatus.Correct, result.Status);
        Assert.Equal(2, result.Points);
        Assert.Equal(0, SeedRubrics.GradeOne("en4553-a2", "1.b.y", "16.4", index: "040479X").Points);
    }

    [Theory]
    [InlineData("tolerance: { abs: 0.01 }", "16.5", true)]                   // 3 s.f. by default
    [InlineData("tolerance: { abs: 0.01, sigfigs: false }", "16.5", false)]  // the rubric says otherwise
    [InlineData("tolerance: { abs: 0.01, sigfigs: 4 }", "16.5", false)]
    [InlineData("tolerance: { abs: 0.01, sigfigs: 4 }", "16.46", true)]
    public void Items_accept_three_figures_unless_they_say_otherwise(string tolerance, string answer, bool accepted)
    {
        var result = GradeOne($"kind: number\nexpected: 16.46\n{tolerance}", answer);
        Assert.Equal(accepted, result.Status == MarkStatus.Correct);
    }

    [Fact]
    public void Integer_items_stay_exact() =>
        Assert.Equal(MarkStatus.Incorrect, GradeOne("kind: integer\nexpected: 61706", "61700").Status);

    [Theory]
    [InlineData("ai6126-hw1")]
    [InlineData("en4553-a2")]
    [InlineData("nnti-ws2425-sheet10")]
    [InlineData("nyu-dl-hw2")]
    [InlineData("rptu-dl-ex2")]
    public void No_seed_item_refuses_a_three_figure_rounding(string rubricId) =>
        Assert.Empty(RoundingCheck.Find(SeedRubrics.Load(rubricId)));

    [Fact]
    public void The_check_names_an_item_that_would_refuse_a_rounding_for_some_student()
    {
        // X[1,1] is the first digit of the index (1..9 for these indices; 0 becomes 0.5) and
        // y = X[1,1] / 3: 0.333 for index 1..., so abs 0.0001 refuses 0.333 for 0.3333.
        var rubric = Rubric("""
            id: t
            title: T
            total: 1
            variants:
              X: "index_matrix(student_index)"
            items:
              - id: y
                points: 1
                kind: number
                expected: "X[1,1] / 3"
                tolerance: { abs: 0.0001, sigfigs: false }
            """);
        var warning = Assert.Single(RoundingCheck.Find(rubric));
        Assert.StartsWith("y: its tolerance (±0.0001) refuses ", warning);
        Assert.Contains("3-significant-figure rounding of", warning);
        Assert.Contains("(index ", warning);
    }
}
