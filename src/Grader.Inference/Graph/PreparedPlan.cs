namespace Grader.Inference.Graph;

/// <summary>A concrete plan after fusion, with its memory layout: what any backend binds.</summary>
internal sealed record PreparedPlan(ExecutionPlan Plan, MemoryPlan Memory)
{
    /// <param name="backendFusion">A backend's own rewrite, after the shared fusions and before memory is planned.</param>
    public static PreparedPlan Create(ModelGraph graph, int[] inputShape, Func<ExecutionPlan, int>? backendFusion = null)
    {
        var plan = Planner.Build(graph, inputShape);
        EpilogueFusion.Run(plan);
        backendFusion?.Invoke(plan);
        return new PreparedPlan(plan, MemoryPlanner.Build(plan));
    }
}
