namespace Grader.Server.Grading;

/// <summary>The staff side of grading: statistics, manual grading, overrides and rubric re-runs.</summary>
public static class GradingServices
{
    public static IServiceCollection AddStaffGrading(this IServiceCollection services)
    {
        services.AddSingleton<AssignmentStatisticsQuery>();
        services.AddSingleton<ManualGrading>();
        services.AddSingleton<MarkOverrides>();
        services.AddSingleton<Regrades>();
        return services;
    }
}
