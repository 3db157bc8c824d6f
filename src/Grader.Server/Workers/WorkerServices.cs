using Grader.Server.Rubrics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Grader.Server.Workers;

public static class WorkerServices
{
    /// <summary>
    /// A grading worker in this process. Register an <see cref="IModelEvaluator"/> too for the
    /// worker to take the gpu queue.
    /// </summary>
    public static IServiceCollection AddGraderWorker(this IServiceCollection services, WorkerSettings settings)
    {
        services.AddSingleton(settings);
        services.TryAddSingleton<RubricCache>();
        services.AddSingleton<JobWakeups>();
        services.AddHostedService<GradingWorker>();
        return services;
    }
}
