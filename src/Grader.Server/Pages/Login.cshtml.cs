using Grader.Server.Web;
using Grader.Server.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grader.Server.Pages;

public sealed class LoginModel(DashboardSignIn signIn) : PageModel
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
        var user = string.IsNullOrWhiteSpace(Login) || string.IsNullOrEmpty(Password) || Password.Length > 1000
            ? null
            : await signIn.StaffAsync(Login.Trim(), Password, cancellationToken);
        if (user is null)
        {
            StaffError = "Wrong login or password.";
            return Page();
        }
        return await SignInAsync(user);
    }

    public async Task<IActionResult> OnPostStudentAsync(CancellationToken cancellationToken)
    {
        var user = string.IsNullOrWhiteSpace(Token) ? null : await signIn.StudentAsync(Token, cancellationToken);
        if (user is null)
        {
            StudentError = "That token is unknown, revoked or expired.";
            return Page();
        }
        return await SignInAsync(user);
    }

    private async Task<IActionResult> SignInAsync(PageUser user)
    {
        await HttpContext.SignInAsync(DashboardServices.CookieScheme, user.ToPrincipal(DashboardServices.CookieScheme));
        // Only local paths: a crafted ?ReturnUrl=https://evil.example must not redirect off-site.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
