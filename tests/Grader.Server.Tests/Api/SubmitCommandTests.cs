using Grader.Cli;
using Grader.TestSupport;

namespace Grader.Server.Tests.Api;

/// <summary><c>grader submit</c> in-process against the real server: it stops waiting once automatic grading is done.</summary>
public sealed class SubmitCommandTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_submission_whose_text_answers_wait_for_a_ta_ends_the_wait_with_exit_0_and_says_what_is_still_held_back()
    {
        var token = await server.StudentTokenAsync();
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = await GraderApp.RunAsync(["submit", "ai6126-hw1", RepositoryFiles.Reference("ai6126-hw1", "solution.yaml"),
            "--server", server.BaseAddress.ToString(), "--token", token, "--timeout", "60", "--json"], stdout, stderr);

        Assert.True(code == GraderApp.ExitOk, $"exit {code}: {stderr}");
        var marks = System.Text.Json.JsonDocument.Parse(stdout.ToString()).RootElement;
        Assert.Equal("awaiting_manual", marks.GetProperty("status").GetString());
        // The three text items are held back (no points) until a TA grades them and staff release them.
        var held = marks.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("status").GetString() == "being_graded").ToList();
        Assert.Equal(3, held.Count);
        Assert.All(held, i => Assert.Equal(System.Text.Json.JsonValueKind.Null, i.GetProperty("points").ValueKind));
    }
}
