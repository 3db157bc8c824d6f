using Grader.Data.Release;
using Grader.Server.Grading.Release;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Grader.Server.Grading;

/// <summary>The staff side of grading: statistics, manual grading, overrides, rubric re-runs, and what students may see (release).</summary>
public static class GradingServices
{
    public static IServiceCollection AddStaffGrading(this IServiceCollection services)
    {
        services.AddSingleton<AssignmentStatisticsQuery>();
        services.AddSingleton<Manual.ManualGrading>();
        services.AddSingleton<Manual.CriteriaStore>();
        services.AddSingleton<Manual.SavedComments>();
        services.AddSingleton<MarkOverrides>();
        services.AddSingleton<Regrades>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReleaseViews>();
        services.AddSingleton<VisibleMarks>();
        services.AddSingleton<Releases>();
        services.AddSingleton<Requests.RegradeRequests>();
        return services;
    }
}
