using Grader.Core.Checking;
using static Grader.Core.Tests.Checking.GradingHarness;

namespace Grader.Core.Tests.Checking;

public class FollowThroughTests
{
    // U = maxpool2d(X, 2) = [[4, 8], [-2, 6]] by hand; V = lrelu(U, 0.1) = [[4, 8], [-0.2, 6]];
    // y = sum(V .* W) with W = [[1, 2], [10, 4]] = 4 + 16 - 2 + 24 = 42.
    private const string Chain = """
        id: chain
        title: Chain
        total: 6
        inputs:
          X: [[1, 4, 2, 8], [3, 0, 5, 7], [-2, -3, 6, 1], [-4, -5, 0, -1]]
          W: [[1, 2], [10, 4]]
        items:
          - id: 1.U
            name: U
            points: 2
            kind: matrix
            expected: "maxpool2d(X, 2)"
          - id: 1.V
            name: V
            points: 2
            kind: matrix
            expected: "lrelu(U, 0.1)"
            follow_through: true
          - id: 1.y
            points: 2
            kind: number
            expected: "sum(V .* W)"
            follow_through: 0.5
        """;

    [Fact]
    public void Right_answers_score_full_marks()
    {
        var report = Grade(Chain, """
            1.U: [[4, 8], [-2, 6]]
            1.V: [[4, 8], [-0.2, 6]]
            1.y: 42
            """);
        Assert.All(report.Items, i => Assert.Equal(MarkStatus.Correct, i.Status));
        Assert.Equal(6, report.Total);
    }

    [Fact]
    public void An_error_carried_forward_earns_the_follow_through_credit()
    {
        // U wrong in one entry (-3 instead of -2): V = lrelu(U) = [[4, 8], [-0.3, 6]] consistently;
        // y from that V = 4 + 16 - 3 + 24 = 41, credited at the item's factor 0.5.
        var report = Grade(Chain, """
            1.U: [[4, 8], [-3, 6]]
            1.V: [[4, 8], [-0.3, 6]]
            1.y: 41
            """);
        Assert.Equal(MarkStatus.Partial, report["1.U"]!.Status);
        Assert.Equal(4.0 / 3, report["1.U"]!.Points, 5); // 3 of 4 right, a constant gets 1: 2 x (3 - 1)/(4 - 1)
        Assert.Equal(MarkStatus.FollowThrough, report["1.V"]!.Status);
        Assert.Equal(2, report["1.V"]!.Points, 6);
        Assert.Contains("carried forward", report["1.V"]!.Feedback);
        Assert.Equal(MarkStatus.FollowThrough, report["1.y"]!.Status);
        Assert.Equal(1, report["1.y"]!.Points, 6);
    }

    [Fact]
    public void A_wrong_answer_consistent_with_nothing_scores_zero()
    {
        var report = Grade(Chain, """
            1.U: [[4, 8], [-3, 6]]
            1.V: [[1, 1], [1, 1]]
            1.y: 7
            """);
        Assert.Equal(0, report["1.V"]!.Points);
        Assert.Equal(0, report["1.y"]!.Points);
    }

    [Fact]
    public void A_missing_earlier_answer_still_lets_later_items_be_graded()
    {
        var report = Grade(Chain, """
            1.V: [[4, 8], [-0.2, 6]]
            1.y: 42
            """);
        Assert.Equal(MarkStatus.Missing, report["1.U"]!.Status);
        Assert.Equal(MarkStatus.Correct, report["1.V"]!.Status);
        Assert.Equal(MarkStatus.Correct, report["1.y"]!.Status);
    }
}
