using Grader.Core.Statistics;

namespace Grader.Core.Tests.Statistics;

public class PointsLostTests
{
    [Fact]
    public void Items_are_ranked_by_the_points_lost_in_all()
    {
        var ranking = PointsLost.Rank([
            new ItemScores("a", 1, false, [1, 1, 0]),       // lost 1
            new ItemScores("b", 2, false, [0, 1, 0.5]),     // lost 2 + 1 + 1.5 = 4.5
            new ItemScores("c", 5, false, [3, 5, 5]),       // lost 2
        ]);
        Assert.Equal(["b", "c", "a"], ranking.Select(r => r.ItemId));
        Assert.Equal(new ItemLoss("b", 4.5, 1.5, 3), ranking[0]);
    }

    [Fact]
    public void Ties_keep_the_rubric_order()
    {
        var ranking = PointsLost.Rank([
            new ItemScores("first", 1, false, [0]),
            new ItemScores("second", 2, false, [1]),
        ]);
        Assert.Equal(["first", "second"], ranking.Select(r => r.ItemId));
    }

    [Fact]
    public void Bonus_items_and_items_without_marks_are_left_out()
    {
        var ranking = PointsLost.Rank([
            new ItemScores("bonus", 3, true, [0, 0]),
            new ItemScores("unmarked", 2, false, []),
            new ItemScores("q1", 1, false, [0.5]),
        ]);
        Assert.Equal(["q1"], ranking.Select(r => r.ItemId));
    }

    [Fact]
    public void Points_above_the_maximum_do_not_offset_points_lost_by_others()
    {
        // an override to 3 of 2 loses nothing; the other student lost 2
        var loss = PointsLost.Of(new ItemScores("q", 2, false, [3, 0]));
        Assert.Equal(new ItemLoss("q", 2, 1, 1), loss);
    }
}
