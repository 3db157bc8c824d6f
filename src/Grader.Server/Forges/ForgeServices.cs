using Grader.Server.Forges.GitHub;
using Grader.Server.Workers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Grader.Server.Forges;

public static class ForgeServices
{
    /// <summary>
    /// CI hooks: the push intake (API), the fetch and report job handlers (workers) and the hook
    /// that reports settled submissions. Register before a test's or caller's own overrides.
    /// </summary>
    public static IServiceCollection AddForges(this IServiceCollection services)
    {
        services.TryAddSingleton(new ForgeOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IForgeFactory, GitHubForgeFactory>();
        services.AddSingleton<ForgePushIntake>();
        services.AddSingleton<IJobHandler, FetchCommitHandler>();
        services.AddSingleton<IJobHandler, ReportStatusHandler>();
        services.AddSingleton<ISubmissionSettledHook, ForgeReportHook>();
        return services;
    }
}
