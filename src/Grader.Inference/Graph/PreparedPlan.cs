namespace Grader.Inference.Graph;

/// <summary>A concrete plan after fusion, with its memory layout: what any backend binds.</summary>
internal sealed record PreparedPlan(ExecutionPlan Plan, MemoryPlan Memory)
{
    public static PreparedPlan Create(ModelGraph graph, int[] inputShape)
    {
        var plan = Planner.Build(graph, inputShape);
        EpilogueFusion.Run(plan);
        return new PreparedPlan(plan, MemoryPlanner.Build(plan));
    }
}
