using Grader.Core.Answers;
using Grader.Core.Checking;
using Grader.Core.Rubrics;

namespace Grader.Core.Tests.Checking;

/// <summary>Loads inline rubric and answer YAML, failing the test loudly if either is malformed.</summary>
internal static class GradingHarness
{
    public static Rubric Rubric(string yaml)
    {
        var result = RubricLoader.Load(yaml, "test.yaml");
        Assert.True(result.Success, string.Join("\n", result.Problems.Select(p => p.Describe("test.yaml"))));
        return result.Rubric!;
    }

    public static AnswerFile Answers(string yaml)
    {
        var result = AnswerFileReader.Read(yaml, "answers.yaml");
        Assert.True(result.File is not null, string.Join("\n", result.Problems.Select(p => p.Describe("answers.yaml"))));
        return result.File!;
    }

    public static GradeReport Grade(string rubricYaml, string answersYaml) =>
        SubmissionGrader.Grade(Rubric(rubricYaml), Answers(answersYaml));

    /// <summary>A one-item rubric: the item's YAML lines go under "- id: q".</summary>
    public static string SingleItem(string itemBody, double points = 2, string extraTop = "") => $"""
        id: test
        title: Test
        total: {points}
        {extraTop}
        items:
          - id: q
            points: {points}
        {Indent(itemBody, "    ")}
        """;

    public static ItemResult GradeOne(string itemBody, string answer, double points = 2, string extraTop = "") =>
        Grade(SingleItem(itemBody, points, extraTop), $"q: {answer}")["q"]!;

    private static string Indent(string text, string prefix) =>
        string.Join("\n", text.Split('\n').Select(line => prefix + line));
}
