using Grader.Server.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grader.Server.Pages;

/// <summary>Sign-out is a POST (with the anti-forgery token), so a link elsewhere cannot sign anyone out.</summary>
public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(DashboardServices.CookieScheme);
        return Redirect("/login");
    }
}
