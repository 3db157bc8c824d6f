using Grader.TestSupport;

namespace Grader.Server.Tests.Dashboard;

/// <summary>Expected values on the submission page read as values, not as the rubric's code.</summary>
public sealed class ExpectedValueTests(DashboardFixture server) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task A_formula_grid_shows_the_sheets_numbers_where_the_rubric_indexes_its_inputs()
    {
        await Seed.RubricAsync(server, "en4553-a2", "en4553");
        await SeedStaff.AddAsync(server, "en4553", "ta-en");
        var token = await server.StudentTokenAsync("en4553", "180577X");
        var id = await Submissions.GradedAsync(server, token, Uploads.Reference("en4553-a2"), "en4553-a2");
        using var pages = server.Pages();
        await pages.SignInStaffAsync("ta-en");
        var item = Submissions.Section(await pages.GetHtmlAsync($"/submissions/{id}"), "item-1.d.V");
        // The sheet's U = [[2, -4], [-1, 3]] under PReLU with alpha0 (worked by hand): [[2, -4 alpha0], [-alpha0, 3]].
        var expected = item[item.IndexOf("<h4>Expected</h4>", StringComparison.Ordinal)..];
        foreach (var cell in new[] { "2", "-4*alpha0", "-alpha0", "3" })
            Assert.Contains($"<td class=\"\">{cell}</td>", expected);
        Assert.DoesNotContain("Ud[", item);
    }
}
