using Grader.Inference.Graph;
using Grader.Inference.Operators;
using Grader.Inference.Tests;

namespace Grader.Inference.Cuda.Tests.Ops;

/// <summary>The engine's own kernel ops for one-node models: loaded from ONNX and planned for a
/// concrete input shape as a real model is, so the tests see exactly the op parameters (dims,
/// flags, broadcast strides, geometry) that the GPU binding reads.</summary>
internal static class EnginePlans
{
    /// <summary>The single step of <paramref name="model"/> planned for <paramref name="inputShape"/>.</summary>
    public static (TOp Op, PlanStep Step) Single<TOp>(OnnxBuilder model, int[] inputShape) where TOp : KernelOp
    {
        var plan = Planner.Build(model.Load().Graph, inputShape);
        var step = Assert.Single(plan.Steps);
        return (Assert.IsType<TOp>(step.Op), step);
    }

    /// <summary>X of <paramref name="inputShape"/> through <paramref name="op"/> with constant second input W.</summary>
    public static OnnxBuilder WithConstant(string op, int[] inputShape, int[] wShape, float[] w, params (string, object)[] attributes) =>
        new OnnxBuilder().Input("X", [.. inputShape.Select(d => (long?)d)]).Floats("W", wShape, w)
            .Node(op, ["X", "W"], ["Y"], attributes).Output("Y");
}
