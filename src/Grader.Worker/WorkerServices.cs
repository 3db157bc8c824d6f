using Grader.Data.Metrics;
using Grader.Data.Rubrics;
using Grader.Worker.Forges;
using Grader.Worker.Metrics;
using Grader.Worker.Models;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Grader.Worker;

public static class WorkerServices
{
    /// <summary>
    /// A grading worker in this process (a worker host, or the API's process on one machine),
    /// with the forge jobs. Register an <see cref="IModelEvaluator"/> too for the worker to take
    /// the gpu queue.
    /// </summary>
    public static IServiceCollection AddGraderWorker(this IServiceCollection services, WorkerSettings settings)
    {
        services.AddSingleton(settings);
        services.TryAddSingleton<RubricCache>();
        services.TryAddSingleton<GraderMetrics>();
        services.AddSingleton<JobWakeups>();
        services.AddForgeJobs();
        services.AddHostedService<GradingWorker>();
        return services;
    }

    /// <summary>Serves this process's metrics at <c>/metrics</c> on a port of its own (a worker without the API).</summary>
    public static IServiceCollection AddMetricsListener(this IServiceCollection services, MetricsListenerSettings settings)
    {
        services.AddSingleton(settings);
        services.AddHostedService<MetricsListener>();
        return services;
    }
}
