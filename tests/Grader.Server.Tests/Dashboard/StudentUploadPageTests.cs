using System.Net;
using System.Net.Http.Headers;
using Grader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Grader.Server.Tests.Dashboard;

public sealed class StudentUploadPageTests(DashboardFixture server) : IClassFixture<DashboardFixture>
{
    internal static MultipartFormDataContent Form(string? token, string answers)
    {
        var form = new MultipartFormDataContent();
        if (token is not null) form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(answers));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-yaml");
        form.Add(file, "answers", "answers.yaml");
        return form;
    }

    private async Task<(PageClient Pages, long StudentId)> SignedInStudentAsync(string course = "ai6126")
    {
        var pages = server.Pages();
        var token = await server.StudentTokenAsync(course);
        await pages.SignInStudentAsync(token);
        await using var db = await server.OpenAsync();
        var id = await db.ApiTokens.Where(t => t.TokenHash == Grader.Data.Security.TokenHasher.Hash(token)).Select(t => t.StudentId!.Value).SingleAsync();
        return (pages, id);
    }

    [Fact]
    public async Task The_form_lists_what_to_answer_and_the_students_earlier_submissions()
    {
        var (pages, _) = await SignedInStudentAsync();
        using var _ = pages;
        var html = await pages.GetHtmlAsync("/assignments/ai6126-hw1/submit");
        Assert.Contains("name=\"answers\"", html);
        Assert.Contains("enctype=\"multipart/form-data\"", html);
        Assert.Contains("None yet.", html);
    }

    [Fact]
    public async Task An_upload_through_the_form_is_stored_queued_and_leads_to_its_page()
    {
        var (pages, studentId) = await SignedInStudentAsync();
        using var _ = pages;
        var token = PageClient.AntiforgeryToken(await pages.GetHtmlAsync("/assignments/ai6126-hw1/submit"));
        var response = await pages.Http.PostAsync("/assignments/ai6126-hw1/submit", Form(token, Uploads.Reference("ai6126-hw1")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = await server.OpenAsync();
        var submission = await db.Submissions.Include(s => s.Files).SingleAsync(s => s.StudentId == studentId);
        Assert.Equal($"/submissions/{submission.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("answers.yaml", submission.Files.Single().FileName);
    }

    [Fact]
    public async Task An_upload_without_the_forms_anti_forgery_token_is_refused_and_nothing_is_stored()
    {
        var (pages, studentId) = await SignedInStudentAsync();
        using var _ = pages;
        await pages.GetHtmlAsync("/assignments/ai6126-hw1/submit");
        var missing = await pages.Http.PostAsync("/assignments/ai6126-hw1/submit", Form(null, Uploads.Reference("ai6126-hw1")));
        var forged = await pages.Http.PostAsync("/assignments/ai6126-hw1/submit", Form("CfDJ8forged", Uploads.Reference("ai6126-hw1")));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("reload the page", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        await using var db = await server.OpenAsync();
        Assert.False(await db.Submissions.AnyAsync(s => s.StudentId == studentId));
    }

    [Fact]
    public async Task A_refused_upload_says_why_on_the_form()
    {
        var (pages, _) = await SignedInStudentAsync();
        using var _ = pages;
        var token = PageClient.AntiforgeryToken(await pages.GetHtmlAsync("/assignments/ai6126-hw1/submit"));
        var form = Form(token, "q1: 1");
        form.Add(new ByteArrayContent([1, 2, 3]), "model:nonexistent", "model.onnx");
        var response = await pages.Http.PostAsync("/assignments/ai6126-hw1/submit", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("&#x27;nonexistent&#x27; is not a model item of this assignment.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_student_cannot_open_the_form_of_another_courses_assignment()
    {
        var (pages, _) = await SignedInStudentAsync("rptu");
        using var _ = pages;
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync("/assignments/ai6126-hw1/submit")).StatusCode);
    }

    [Fact]
    public async Task Staff_have_no_upload_form()
    {
        using var pages = server.Pages();
        await pages.SignInStaffAsync(DashboardFixture.AiTa);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync("/assignments/ai6126-hw1/submit")).StatusCode);
    }
}
