using System.Security.Claims;
using Grader.Server.Web;
using Grader.Server.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grader.Server.Pages;

public sealed class LoginModel(DashboardSignIn signIn, DashboardSessions sessions) : PageModel
{
    [BindProperty] public string? Login { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Token { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? StaffError { get; private set; }
    public string? StudentError { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostStaffAsync(CancellationToken cancellationToken)
    {
        var attempt = string.IsNullOrWhiteSpace(Login) || string.IsNullOrEmpty(Password) || Password.Length > 1000 || Login.Length > 100
            ? new SignInAttempt(SignInOutcome.Refused)
            : await signIn.StaffAsync(Login.Trim(), Password, HttpContext.Connection.RemoteIpAddress, cancellationToken);
        if (attempt.Who is { } who) return await SignInAsync(who, cancellationToken);
        StaffError = Explain(attempt.Outcome, "Wrong login or password.");
        return Page();
    }

    public async Task<IActionResult> OnPostStudentAsync(CancellationToken cancellationToken)
    {
        var attempt = string.IsNullOrWhiteSpace(Token)
            ? new SignInAttempt(SignInOutcome.Refused)
            : await signIn.StudentAsync(Token, HttpContext.Connection.RemoteIpAddress, cancellationToken);
        if (attempt.Who is { } who) return await SignInAsync(who, cancellationToken);
        StudentError = Explain(attempt.Outcome, "That token is unknown, revoked or expired.");
        return Page();
    }

    /// <summary>Throttled and busy answers are 429 with Retry-After, so scripts back off too.</summary>
    private string Explain(SignInOutcome outcome, string refused)
    {
        if (outcome == SignInOutcome.Refused) return refused;
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        Response.Headers.RetryAfter = outcome == SignInOutcome.Busy ? "2" : "60";
        return outcome == SignInOutcome.Busy
            ? "Too many sign-ins at this moment; try again in a few seconds."
            : "Too many failed sign-ins for this login or from this address; wait a minute and try again.";
    }

    private async Task<IActionResult> SignInAsync(SignedIn who, CancellationToken cancellationToken)
    {
        var session = await sessions.StartAsync(who, cancellationToken);
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(DashboardSessions.SessionClaim, session)], DashboardServices.CookieScheme));
        await HttpContext.SignInAsync(DashboardServices.CookieScheme, principal);
        // Only local paths: a crafted ?ReturnUrl=https://evil.example must not redirect off-site.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
