using Grader.Core.Answers;
using Grader.Core.Checking;
using static Grader.Core.Tests.Checking.GradingHarness;

namespace Grader.Core.Tests.Checking;

public class SubmissionGraderTests
{
    private const string Mixed = """
        id: mixed
        title: Mixed
        total: 6
        items:
          - id: a.choice
            points: 1
            kind: choice
            options: [valid, same, full]
            expected: same
          - id: b.text
            points: 2
            kind: text
            model_answer: "Sobel filters detect edges."
          - id: c.model
            points: 2
            kind: model
            model: { dataset: cifar10, threshold: 0.7 }
          - id: d.number
            points: 1
            kind: number
            expected: 3
        """;

    [Fact]
    public void Choice_answers_ignore_case_and_spacing()
    {
        var report = Grade(Mixed, "a.choice: ' Same '");
        Assert.Equal(MarkStatus.Correct, report["a.choice"]!.Status);
    }

    [Fact]
    public void A_choice_outside_the_options_is_reported()
    {
        var report = Grade(Mixed, "a.choice: circular");
        Assert.Equal(MarkStatus.Invalid, report["a.choice"]!.Status);
        Assert.Contains("valid, same, full", report["a.choice"]!.Feedback);
    }

    [Fact]
    public void Text_and_model_items_wait_for_a_TA_and_the_evaluator()
    {
        var report = Grade(Mixed, "b.text: edges\nc.model: net.onnx");
        Assert.Equal(MarkStatus.PendingManual, report["b.text"]!.Status);
        Assert.Equal(MarkStatus.PendingModel, report["c.model"]!.Status);
        Assert.Equal(2, report.PendingCount);
    }

    [Fact]
    public void Missing_answers_score_zero_and_unknown_ids_are_reported()
    {
        var report = Grade(Mixed, "d.number: 3\nz.extra: 1");
        Assert.Equal(MarkStatus.Missing, report["a.choice"]!.Status);
        Assert.Equal("No answer given.", report["a.choice"]!.Feedback);
        Assert.Equal(1, report.Total);
        Assert.Equal(6, report.MaxTotal);
        Assert.Contains(report.Warnings, w => w.Contains("z.extra"));
    }

    [Fact]
    public void Bonus_items_add_points_beyond_the_total()
    {
        var report = Grade("""
            id: bonus
            title: Bonus
            total: 1
            items:
              - { id: a, points: 1, kind: number, expected: 1 }
              - { id: b, points: 1, kind: number, expected: 2, bonus: true }
            """, "a: 1\nb: 2");
        Assert.Equal(2, report.Total);
        Assert.Equal(1, report.MaxTotal);
    }

    private const string Variant = """
        id: variant
        title: Variant
        total: 1
        variants:
          X: "index_matrix(student_index)"
        items:
          - id: x11
            points: 1
            kind: number
            expected: "X[1, 1]"
        """;

    [Fact]
    public void Per_student_inputs_follow_the_index_number()
    {
        // "180577X": the first digit is 1, so X[1,1] = 1 (see the index_matrix rule).
        var rubric = Rubric(Variant);
        var report = SubmissionGrader.Grade(rubric, GradingHarness.Answers("x11: 1"), new StudentIdentity("s1", null, "180577X"));
        Assert.Equal(MarkStatus.Correct, report["x11"]!.Status);
        var other = SubmissionGrader.Grade(rubric, GradingHarness.Answers("x11: 1"), new StudentIdentity("s2", null, "234567"));
        Assert.Equal(MarkStatus.Incorrect, other["x11"]!.Status);
    }

    [Fact]
    public void A_variant_without_an_index_number_says_what_is_missing()
    {
        var report = Grade(Variant, "x11: 1");
        Assert.Equal(MarkStatus.Error, report["x11"]!.Status);
        Assert.Contains("index number", report["x11"]!.Feedback);
    }
}
