using Grader.Data.Admin;
using Grader.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Grader.Server.Tests.Dashboard;

/// <summary>
/// <see cref="DashboardFixture"/> on a clock set to <see cref="Now"/>, with two ai6126 quizzes of the
/// same three items (a: 1 point, expected 42, with a foreseen mistake; b: 1 point; essay: 2 points,
/// text): <see cref="Open"/> whose deadline is a day ahead, <see cref="Closed"/> whose deadline
/// passed a day ago. A staff API token <see cref="StaffToken"/> of ai6126.
/// </summary>
public sealed class ReleaseFixture : DashboardFixture
{
    public const string Open = "ai6126-open";
    public const string Closed = "ai6126-closed";
    public const string Mistake = "Digits swapped: the answer reads 42 backwards.";

    public static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Now);
    public string StaffToken { get; private set; } = "";

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var (id, deadline) in new[] { (Open, Now.AddDays(1)), (Closed, Now.AddDays(-1)) })
        {
            var yaml = $$"""
                id: {{id}}
                title: Quiz {{id}}
                total: 4
                deadline: {{deadline:yyyy-MM-ddTHH:mm:ssZ}}
                items:
                  - id: a
                    points: 1
                    kind: number
                    expected: 42
                    mistakes:
                      - { expected: 24, feedback: "{{Mistake}}" }
                  - { id: b, points: 1, kind: number, expected: 7 }
                  - { id: essay, points: 2, kind: text, model_answer: "Because the gradient vanishes." }
                """;
            var imported = await RubricImporter.ImportAsync(Contexts, yaml, id + ".yaml", "ai6126", CancellationToken.None);
            Assert.True(imported.Success, string.Join("\n", imported.Problems));
        }
        StaffToken = await SeedStaff.TokenAsync(this, "ai6126");
    }

    /// <summary>A new student who answered a wrongly (24, the foreseen mistake), b rightly and the essay; graded automatically.</summary>
    public async Task<(Guid Submission, string Token)> WrongAnswerAsync(string assignment)
    {
        var token = await StudentTokenAsync();
        var id = await Submissions.GradedAsync(this, token, "answers:\n  a: 24\n  b: 7\n  essay: My essay on vanishing gradients.\n", assignment,
            Data.Entities.SubmissionStatus.AwaitingManual);
        return (id, token);
    }
}
