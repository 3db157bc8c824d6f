using System.Text;

namespace Grader.Server.Tests.Dashboard;

public sealed class GradebookExportTests(GradebookFixture server) : IClassFixture<GradebookFixture>
{
    [Fact]
    public async Task The_export_has_one_row_per_student_and_one_column_per_item_as_worked_out_by_hand()
    {
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.AiInstructor);
        var response = await pages.GetAsync("/staff/assignments/ai6126-quiz/export.csv");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Matches(@"^ai6126-quiz-grades-\d{8}\.csv$", response.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Equal(
            "Student ID,Name,Index,a,b,c,Total,Status,Late,Submitted at\r\n" +
            "s-alice,Alice Adams,101,2,1.5,0,3.5,graded,yes,2025-01-02T10:00:00Z\r\n" +
            // Bob's c still waits for a TA: incomplete, so no total that an LMS could take for a grade.
            "s-bob,Bob Brown,102,0,3,,,awaiting_manual,no,2025-01-01T09:00:00Z\r\n" +
            "s-carol,Carol Chen,103,,,,,failed,no,2025-01-01T08:00:00Z\r\n" +
            "s-dave,'=2+3 Dave,,,,,,none,,\r\n" +
            "s-erin,Erin Evans,105,,,,,queued,no,2025-01-03T12:00:00Z\r\n",
            Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task With_counts_best_the_export_takes_the_best_submission()
    {
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.AiTa);
        var csv = await pages.GetHtmlAsync("/staff/assignments/ai6126-quiz-best/export.csv");
        Assert.Contains("\r\ns-alice,Alice Adams,101,2,3,1,6,graded,no,2025-01-01T09:00:00Z\r\n", csv);
    }
}
