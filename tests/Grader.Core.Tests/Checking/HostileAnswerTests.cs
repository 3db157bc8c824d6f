using System.Diagnostics;
using Grader.Core.Answers;
using Grader.Core.Checking;
using static Grader.Core.Tests.Checking.GradingHarness;

namespace Grader.Core.Tests.Checking;

/// <summary>
/// Whatever a student uploads, grading ends quickly with a mark for every item: the bad item
/// scores 0 with a message, the others are graded as usual.
/// </summary>
public class HostileAnswerTests
{
    private const string Rubric = """
        id: hostile
        title: Hostile
        total: 3
        items:
          - id: f
            points: 1
            kind: formula
            expected: "x^2 + 1"
            variables:
              x: { real: [-3, 3] }
          - id: m
            points: 1
            kind: matrix
            expected: [[1, 2], [3, 4]]
          - id: n
            points: 1
            kind: number
            expected: 5
        """;

    public static TheoryData<string> HostileFormulas => new()
    {
        new string('(', 50_000) + "x" + new string(')', 50_000),
        string.Concat(Enumerable.Repeat("x+", 20_000)) + "x",
        "2^2^2^2^2^2^2^2^2^2",
        "factorial(170)^factorial(170) * x",
        "det(eye(4000))",
        "inv(ones(3000, 3000))",
        "x \u0000 y",
        "x +",
        "'unterminated",
    };

    [Theory]
    [MemberData(nameof(HostileFormulas))]
    public void Hostile_formulas_cost_their_item_only(string formula)
    {
        var rubric = Rubric(Rubric);
        var answers = new AnswerFile(null, new Dictionary<string, Grader.Core.Documents.DocNode>
        {
            ["f"] = new Grader.Core.Documents.DocNode.Scalar(formula, true, new(1, 1)),
            ["n"] = new Grader.Core.Documents.DocNode.Scalar("5", false, new(2, 1)),
        }, "answers.yaml");
        var clock = Stopwatch.StartNew();
        var report = SubmissionGrader.Grade(rubric, answers);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(0, report["f"]!.Points);
        Assert.NotEqual(MarkStatus.Correct, report["f"]!.Status);
        Assert.False(string.IsNullOrWhiteSpace(report["f"]!.Feedback));
        Assert.Equal(MarkStatus.Correct, report["n"]!.Status);
    }

    [Fact]
    public void A_YAML_alias_bomb_is_refused_before_grading()
    {
        const string bomb = """
            a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]
            """;
        var result = AnswerFileReader.Read(bomb, "bomb.yaml");
        Assert.Null(result.File);
        Assert.Contains("aliases", result.Problems[0].Message);
    }

    [Fact]
    public void A_gigantic_matrix_answer_is_refused_with_a_message()
    {
        var row = "[" + string.Join(",", Enumerable.Repeat("1", 500)) + "]";
        var matrix = "[" + string.Join(",", Enumerable.Repeat(row, 500)) + "]";
        var result = AnswerFileReader.Read("m: " + matrix, "big.yaml");
        Assert.Null(result.File);
        Assert.Contains("limit", result.Problems[0].Message);
    }

    [Fact]
    public void A_wrongly_shaped_huge_answer_costs_only_its_item()
    {
        var report = Grade(Rubric, "m: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]\nn: 5");
        Assert.Equal(MarkStatus.Incorrect, report["m"]!.Status);
        Assert.Equal(MarkStatus.Correct, report["n"]!.Status);
    }

    [Theory]
    [InlineData("n: \"1e308 * 1e308\"")]
    [InlineData("n: \"0/0\"")]
    [InlineData("n: \"ln(0)\"")]
    public void Overflowing_number_expressions_are_unreadable_not_crashes(string answer)
    {
        var report = Grade(Rubric, answer);
        Assert.Equal(MarkStatus.Invalid, report["n"]!.Status);
        Assert.Equal(0, report["n"]!.Points);
    }
}
