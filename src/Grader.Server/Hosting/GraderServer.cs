using Grader.Data;
using Grader.Data.Migrations;
using Grader.Data.Rubrics;
using Grader.Server.Api.Health;
using Grader.Server.Api.Submissions;
using Grader.Server.Auth;
using Grader.Server.Forges;
using Grader.Server.Forges.GitHub;
using Grader.Server.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Grader.Server.Hosting;

/// <summary>
/// Composition of the API process: uploads, webhooks, the dashboard. A worker in the same process
/// (one machine) is added by the caller through <paramref name="configure"/> (Grader.Worker).
/// </summary>
public static class GraderServer
{
    public static WebApplication Build(ServerSettings settings, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls([.. settings.Urls]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<DatabaseMigrator>();
        services.AddGraderData(settings.ConnectionString, settings.Queue);
        services.AddSingleton<RubricCache>();
        services.AddSingleton<SubmissionIntake>();
        services.AddSingleton<SubmissionUploads>();
        services.AddSingleton<ForgePushIntake>();
        services.AddProblemDetails();
        services.AddSingleton<TokenLookup>();
        services.AddHostedService<CredentialChanges>();
        services.AddSharedSessionKeys();
        services.AddSingleton<DatabaseOutage>();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddPersonRateLimiter();
        services.AddDashboard(settings.ModelWait);
        services.AddGraderMetrics();
        configure?.Invoke(services);

        var app = builder.Build();
        app.UseTrustedProxies(settings);
        app.UseUploadCounting();
        app.UseDashboardSecurityHeaders();
        // Pages answer errors with an HTML page; the API and probes with problem details.
        app.UseWhen(IsPageRequest, pages => pages.UseExceptionHandler("/error").UseStatusCodePagesWithReExecute("/error", "?code={0}"));
        app.UseWhen(http => !IsPageRequest(http), api => api.UseExceptionHandler().UseStatusCodePages());
        // Routing after the error handlers, so a re-executed request (/error) is routed afresh.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization: limits count per authenticated person (token or dashboard session), not per header.
        app.UseRateLimiter();
        app.MapHealth();
        app.MapMetrics();
        app.MapGroup("/api/v1")
            .RequireAuthorization()
            .LimitPerPerson()
            .MapSubmissions()
            .MapRegradeRequests()
            .MapRepositoryLinks();
        // Webhooks carry no bearer token: the HMAC signature with the course's secret is their authentication.
        app.MapGroup("/api/v1").MapGitHubHooks();
        app.MapDashboard();
        return app;
    }

    private static readonly string[] MachinePaths = ["/api", "/health", "/ready", "/metrics"];

    private static bool IsPageRequest(HttpContext http) => !MachinePaths.Any(p => http.Request.Path.StartsWithSegments(p));
}
