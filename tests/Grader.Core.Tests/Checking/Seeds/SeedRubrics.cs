using System.Collections.Concurrent;
using System.Text.Json;
using Grader.Core.Answers;
using Grader.Core.Checking;
using Grader.Core.Rubrics;

namespace Grader.Core.Tests.Checking.Seeds;

/// <summary>
/// The repository's seed rubrics, loaded once, and the independent answer key
/// (tools/fixtures/generate_seed_answer_key.py, PyTorch) that tests take expected values from.
/// </summary>
internal static class SeedRubrics
{
    private static readonly ConcurrentDictionary<string, Rubric> Loaded = new();

    private static readonly Lazy<JsonElement> Key = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "reference", "seed_answer_key.json")))
            .RootElement.GetProperty("key"));

    public static Rubric Load(string id) => Loaded.GetOrAdd(id, _ =>
    {
        var path = Path.Combine(RepositoryRoot.Path, "rubrics", id + ".yaml");
        var result = RubricLoader.Load(File.ReadAllText(path), path);
        Assert.True(result.Success, string.Join("\n", result.Problems.Select(p => p.Describe(path))));
        return result.Rubric!;
    });

    /// <summary>An answer from the key as YAML flow text: 16.46, [5, 2], [[0, 2], [2, 0]], ["w1", "0"].</summary>
    public static string Answer(string rubricId, string itemId, string student = "all") =>
        string.Concat(Key.Value.GetProperty(rubricId).GetProperty(student).GetProperty(itemId).GetRawText().Where(c => !char.IsWhiteSpace(c)));

    public static double Number(string rubricId, string itemId, string student = "all") =>
        Key.Value.GetProperty(rubricId).GetProperty(student).GetProperty(itemId).GetDouble();

    /// <summary>Grades an answers file written as YAML lines "item: answer" against a seed rubric.</summary>
    public static GradeReport Grade(string rubricId, string answersYaml, string? index = null)
    {
        var answers = AnswerFileReader.Read(answersYaml, "answers.yaml");
        Assert.True(answers.File is not null, string.Join("\n", answers.Problems.Select(p => p.Describe("answers.yaml"))));
        var student = index is null ? null : new StudentIdentity("s1", null, index);
        return SubmissionGrader.Grade(Load(rubricId), answers.File!, student);
    }

    /// <summary>The mark of one item answered with <paramref name="answer"/> (YAML).</summary>
    public static ItemResult GradeOne(string rubricId, string itemId, string answer, string? index = null) =>
        Grade(rubricId, $"\"{itemId}\": {answer}\n", index)[itemId]!;
}
