using Grader.Worker.Forges.GitHub;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Grader.Worker.Forges;

public static class ForgeServices
{
    /// <summary>
    /// CI hooks, the worker's side: the fetch and report job handlers and the hook that reports
    /// settled submissions. Defaults are added with TryAdd, so a caller's own registrations win.
    /// </summary>
    public static IServiceCollection AddForgeJobs(this IServiceCollection services)
    {
        services.TryAddSingleton(new ForgeOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Grader.Data.Release.ReleaseViews>();
        services.TryAddSingleton<IForgeFactory, GitHubForgeFactory>();
        services.AddSingleton<IJobHandler, FetchCommitHandler>();
        services.AddSingleton<IJobHandler, ReportStatusHandler>();
        services.AddSingleton<ISubmissionSettledHook, ForgeReportHook>();
        return services;
    }
}
