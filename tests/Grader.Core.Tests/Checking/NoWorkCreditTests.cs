using Grader.Core.Checking;
using static Grader.Core.Tests.Checking.GradingHarness;

namespace Grader.Core.Tests.Checking;

/// <summary>
/// Proportional credit counts only the entries an answer gets right beyond the best answer that
/// carries no work (a constant array, or a copy of an input of the expected expression).
/// Expected points are worked by hand from that rule.
/// </summary>
public class NoWorkCreditTests
{
    // dL/dX of a 2x2 max-pool: 12 of 16 entries are 0 (the positions that are not window maxima).
    private const string PoolBackward = """
        kind: matrix
        expected: "maxpool2d_backward(X, G, 2)"
        """;

    private const string Inputs = """
        inputs:
          X: [[1, 4, 2, 8], [3, 0, 5, 7], [-2, -3, 6, 1], [-4, -5, 0, -1]]
          G: [[1, 2], [3, 4]]
        """;

    // By hand: maxima at (1,2)=4, (1,4)=8, (3,1)=-2, (3,3)=6, so dL/dX is 0 except those four cells.
    private const string Right = "[[0, 1, 0, 2], [0, 0, 0, 0], [3, 0, 4, 0], [0, 0, 0, 0]]";

    private static ItemResult Grade(string answer) => GradeOne(PoolBackward, answer, points: 3, extraTop: Inputs);

    [Fact]
    public void The_right_answer_earns_full_points() => Assert.Equal(3, Grade(Right).Points);

    [Theory]
    [InlineData("[[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]")] // 12 of 16 right, raw share 2.25
    [InlineData("[[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]")] // a constant
    [InlineData("[[1, 4, 2, 8], [3, 0, 5, 7], [-2, -3, 6, 1], [-4, -5, 0, -1]]")] // X copied: 2 right
    public void An_answer_without_work_earns_nothing(string answer)
    {
        var result = Grade(answer);
        Assert.Equal(0, result.Points);
        Assert.Equal(MarkStatus.Incorrect, result.Status);
        Assert.Contains("without work", result.Feedback);
    }

    [Fact]
    public void Credit_counts_the_entries_beyond_the_baseline()
    {
        // Three of the four gradients placed right, the fourth left at 0: 15 of 16 right;
        // baseline 12 (all zeros): 3 x (15 - 12)/(16 - 12) = 2.25.
        var result = Grade("[[0, 1, 0, 2], [0, 0, 0, 0], [3, 0, 0, 0], [0, 0, 0, 0]]");
        Assert.Equal(MarkStatus.Partial, result.Status);
        Assert.Equal(2.25, result.Points, 6);
    }

    [Fact]
    public void All_or_nothing_items_are_unchanged() =>
        Assert.Equal(0, GradeOne(PoolBackward + "\npartial: all_or_nothing", "[[0, 1, 0, 2], [0, 0, 0, 0], [3, 0, 0, 0], [0, 0, 0, 0]]", 3, Inputs).Points);

    [Fact]
    public void A_grid_of_formulas_that_is_all_zero_earns_nothing()
    {
        const string grid = """
            kind: formula
            expected: [["w1", "0", "0"], ["0", "w2", "0"]]
            variables:
              w1: { real: [-2, 2] }
              w2: { real: [-2, 2] }
            """;
        Assert.Equal(0, GradeOne(grid, "[[0, 0, 0], [0, 0, 0]]").Points);
        // One of the two w cells right: 5 of 6, baseline 4 zeros: 2 x (5 - 4)/(6 - 4) = 1.
        Assert.Equal(1, GradeOne(grid, "[[w1, 0, 0], [0, 0, 0]]").Points, 6);
    }
}
