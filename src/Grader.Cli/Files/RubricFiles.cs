using Grader.Core.Answers;
using Grader.Core.Rubrics;
using Grader.Evaluation;

namespace Grader.Cli.Files;

/// <summary>Loads rubrics and answer files from disk, turning every problem into one message per line.</summary>
public static class RubricFiles
{
    public static async Task<(Rubric? Rubric, IReadOnlyList<string> Errors)> LoadRubricAsync(string path, CancellationToken cancellationToken)
    {
        var (text, error) = await SourceFile.ReadAsync(path, cancellationToken);
        return text is null ? (null, [error!]) : Load(text, path);
    }

    /// <summary>Loads a rubric and builds its state_dict architectures (<see cref="ArchitectureCheck"/>):
    /// the rubric only when both find nothing wrong.</summary>
    public static (Rubric? Rubric, IReadOnlyList<string> Errors) Load(string text, string path)
    {
        var result = RubricLoader.Load(text, path);
        var problems = result.Rubric is { } rubric && result.Success ? ArchitectureCheck.Problems(rubric) : result.Problems;
        return (problems.Count == 0 ? result.Rubric : null, problems.Select(p => p.Describe(path)).ToList());
    }

    public static async Task<(AnswerFile? Answers, IReadOnlyList<string> Errors)> LoadAnswersAsync(string path, CancellationToken cancellationToken)
    {
        var (text, error) = await SourceFile.ReadAsync(path, cancellationToken);
        if (text is null) return (null, [error!]);
        var result = AnswerFileReader.Read(text, path);
        return result.File is { } file
            ? (file, [])
            : (null, result.Problems.Select(p => p.Describe(path)).ToList());
    }

    /// <summary>The rubrics beside <paramref name="rubricPath"/> that load, to tell which assignment an answers file is for.</summary>
    public static async Task<IReadOnlyList<Rubric>> LoadSiblingsAsync(string rubricPath, CancellationToken cancellationToken)
    {
        var rubrics = new List<Rubric>();
        foreach (var file in Find(Path.GetDirectoryName(Path.GetFullPath(rubricPath))!))
            if ((await LoadRubricAsync(file, cancellationToken)).Rubric is { } rubric) rubrics.Add(rubric);
        return rubrics;
    }

    /// <summary>A rubric file, or every <c>*.yaml</c>/<c>*.yml</c> file of a folder.</summary>
    public static IReadOnlyList<string> Find(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.*")
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [path];
}
