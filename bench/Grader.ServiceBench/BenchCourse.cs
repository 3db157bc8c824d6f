using Grader.Data;
using Grader.Data.Admin;
using Microsoft.EntityFrameworkCore;

namespace Grader.ServiceBench;

/// <summary>The seed assignment the benchmark grades (ai6126-hw1: numeric answers only), its model solution, and a course of students.</summary>
public sealed record BenchCourse(string Rubric, string Answers)
{
    public const string Course = "ai6126";
    public const string Assignment = "ai6126-hw1";

    public static async Task<BenchCourse> ReadAsync()
    {
        var root = FindRoot();
        return new BenchCourse(
            await File.ReadAllTextAsync(Path.Combine(root, "rubrics/ai6126-hw1.yaml")),
            await File.ReadAllTextAsync(Path.Combine(root, "reference/ai6126-hw1/solution.yaml")));
    }

    /// <summary>Imports the rubric and enrols <paramref name="students"/> students; returns their tokens.</summary>
    public async Task<List<string>> SetUpAsync(IDbContextFactory<GraderDbContext> contexts, int students)
    {
        await RubricImporter.ImportAsync(contexts, Rubric, "ai6126-hw1.yaml", Course, CancellationToken.None);
        var tokens = new List<string>();
        for (int s = 0; s < students; s++)
            tokens.Add((await PeopleDirectory.AddStudentAsync(contexts, Course, $"s{s}", $"Student {s}", null, CancellationToken.None)).Token);
        return tokens;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Grader.sln"))) return dir.FullName;
        throw new InvalidOperationException("Grader.sln not found");
    }
}
