using Grader.Server.Grading;
using Grader.Server.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace Grader.Server.Web;

/// <summary>The dashboard: Razor Pages for staff and students, signed in by cookie.</summary>
public static class DashboardServices
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string StaffPolicy = "dashboard-staff";
    public const string SignedInPolicy = "dashboard-signed-in";

    public static IServiceCollection AddDashboard(this IServiceCollection services, Queue.ModelWaitSettings? modelWait = null)
    {
        services.AddSingleton(modelWait ?? new Queue.ModelWaitSettings());
        services.AddSingleton<DashboardSignIn>();
        services.AddSingleton<DashboardSessions>();
        services.AddSingleton<SignInGuard>();
        services.AddSingleton<PasswordCheck>();
        services.AddSingleton<Queue.QueueMonitor>();
        services.AddStaffGrading();
        services.AddRazorPages(options =>
            {
                options.Conventions.AuthorizeFolder("/", SignedInPolicy);
                options.Conventions.AuthorizeFolder("/Staff", StaffPolicy);
                options.Conventions.AllowAnonymousToPage("/Login");
                options.Conventions.AllowAnonymousToPage("/Error");
                // The upload form takes from the student's request budget, as the API does.
                options.Conventions.AddPageApplicationModelConvention("/Student/Submit",
                    page => page.EndpointMetadata.Add(Hosting.PerPersonLimit.Instance));
            })
            .AddApplicationPart(typeof(DashboardServices).Assembly);
        services.AddAuthentication().AddCookie(CookieScheme, options =>
        {
            options.LoginPath = "/login";
            options.LogoutPath = "/logout";
            options.AccessDeniedPath = "/login";
            options.Cookie.Name = "grader.session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = DashboardSessions.IdleTimeout;
            options.SlidingExpiration = true;
            // The cookie names a server-side session; every request checks it and reads the user afresh.
            options.Events.OnValidatePrincipal = ValidateSessionAsync;
            // A signed-in user without access (a student on a staff page) gets "not found", the same
            // answer as for a page that does not exist: no sign-in page that invites another try,
            // and nothing that tells a student which staff URLs exist.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(SignedInPolicy, policy => policy.AddAuthenticationSchemes(CookieScheme)
                .RequireAssertion(context => PageUser.From(context.User) is not null))
            .AddPolicy(StaffPolicy, policy => policy.AddAuthenticationSchemes(CookieScheme)
                .RequireAssertion(context => PageUser.From(context.User)?.IsStaff == true));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "grader.antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        return services;
    }

    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var key = context.Principal?.FindFirst(DashboardSessions.SessionClaim)?.Value;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<DashboardSessions>();
        var user = key is null ? null : await sessions.ResolveAsync(key, context.HttpContext.RequestAborted);
        if (user is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }
        context.ReplacePrincipal(user.ToPrincipal(CookieScheme, new System.Security.Claims.Claim(DashboardSessions.SessionClaim, key!)));
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.MapDashboardAssets();
        app.MapRazorPages();
        return app;
    }

    /// <summary>Headers for the HTML pages: no inline script or style runs, nothing frames us.</summary>
    public static IApplicationBuilder UseDashboardSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy =
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            await next();
        });
}
