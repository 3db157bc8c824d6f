using Grader.Server.Web;
using Grader.Server.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grader.Server.Pages;

/// <summary>
/// Sign-out is a POST (with the anti-forgery token), so a link elsewhere cannot sign anyone out. It
/// ends the session on the server: a copy of the cookie kept from before opens nothing.
/// </summary>
public sealed class LogoutModel(DashboardSessions sessions) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await HttpContext.AuthenticateAsync(DashboardServices.CookieScheme);
        if (result.Principal?.FindFirst(DashboardSessions.SessionClaim)?.Value is { } session)
            await sessions.EndAsync(session, cancellationToken);
        await HttpContext.SignOutAsync(DashboardServices.CookieScheme);
        return Redirect("/login");
    }
}
