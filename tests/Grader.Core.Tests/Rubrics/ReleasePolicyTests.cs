using Grader.Core.Rubrics;

namespace Grader.Core.Tests.Rubrics;

public class ReleasePolicyTests
{
    private static RubricLoadResult Load(string release) => RubricLoader.Load($$"""
        id: hw
        title: T
        total: 1
        {{release}}
        items:
          - { id: a, points: 1, kind: number, expected: 1 }
        """, "r.yaml");

    [Fact]
    public void Without_release_the_answer_key_waits_for_the_deadline_and_ta_marks_for_their_release()
    {
        var rubric = Load("").Rubric!;
        Assert.Equal(new ReleasePolicy(MarksRelease.WhenGraded, ExpectedRelease.AfterDeadline), rubric.Release);
    }

    [Theory]
    [InlineData("never", ExpectedRelease.Never)]
    [InlineData("after_deadline", ExpectedRelease.AfterDeadline)]
    [InlineData("after_release", ExpectedRelease.AfterRelease)]
    [InlineData("always", ExpectedRelease.Always)]
    public void Show_expected_takes_each_of_its_four_values(string text, ExpectedRelease expected)
    {
        var result = Load($"release: {{ show_expected: {text} }}");
        Assert.True(result.Success, string.Join("\n", result.Problems.Select(p => p.Message)));
        Assert.Equal(new ReleasePolicy(MarksRelease.WhenGraded, expected), result.Rubric!.Release);
    }

    [Theory]
    [InlineData("when_graded", MarksRelease.WhenGraded)]
    [InlineData("after_release", MarksRelease.AfterRelease)]
    public void Marks_says_when_points_are_shown(string text, MarksRelease expected)
    {
        var result = Load($"release:\n  marks: {text}\n  show_expected: always");
        Assert.Equal(new ReleasePolicy(expected, ExpectedRelease.Always), result.Rubric!.Release);
    }

    [Theory]
    [InlineData("release: { show_expected: later }", "show_expected 'later' is not one of: never, after_deadline, after_release, always")]
    [InlineData("release: { marks: soon }", "marks 'soon' is not one of: when_graded, after_release")]
    [InlineData("release: { shows_expected: always }", "shows_expected")]
    public void A_wrong_release_is_reported_at_its_line(string release, string message)
    {
        var problem = Assert.Single(Load(release).Problems);
        Assert.Contains(message, problem.Message);
        Assert.Equal(4, problem.Position.Line);
    }
}
