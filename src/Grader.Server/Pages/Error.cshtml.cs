using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grader.Server.Pages;

/// <summary>The HTML answer to a failed page request (the API answers with problem details instead).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";
    public string Message { get; private set; } = "The error was logged. Please try again, or tell the course staff if it persists.";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        (Title, Message) = code switch
        {
            404 => ("Not found", "There is nothing here, or nothing you may see."),
            403 => ("Not allowed", "Your account may not see this page."),
            400 => ("Bad request", "The request was not understood. If you sent a form, reload the page and try again."),
            null or 500 => (Title, Message),
            _ => ($"Error {code}", "The request could not be completed."),
        };
    }
}
