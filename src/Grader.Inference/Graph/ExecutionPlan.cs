using Grader.Inference.Operators;

namespace Grader.Inference.Graph;

/// <summary>A tensor in a concrete plan: fully known shape, and either constant data or a runtime buffer.</summary>
internal sealed class PlanValue
{
    public required int Id { get; init; }
    public required string Name { get; init; }
    public required int[] Shape { get; init; }
    public required ElementType Type { get; init; }
    public TensorData? Constant { get; init; }
    public PlanStep? Producer { get; set; }
    public int Length => ShapeMath.CountInt(Shape);
    public bool IsConstant => Constant is not null;
    public override string ToString() => $"{Name} [{ShapeMath.Format(Shape)}]";
}

/// <summary>One kernel invocation. <see cref="Inputs"/> lists only the values the kernel reads at
/// run time; constants absorbed at plan time (conv weights, reshape targets) are held by the op.</summary>
internal sealed class PlanStep
{
    public required string NodeName { get; init; }
    public required string OpType { get; init; }
    public required KernelOp Op { get; set; }
    public required List<PlanValue> Inputs { get; init; }
    public required PlanValue[] Outputs { get; set; }
    public override string ToString() => $"{OpType} {NodeName}";
}

/// <summary>
/// A model specialised to one concrete input shape (batch included): every shape known, all
/// int64 shape arithmetic folded to constants, only float kernels left.
/// </summary>
internal sealed class ExecutionPlan
{
    public required PlanValue Input { get; init; }
    public required List<PlanValue> Outputs { get; init; }
    public required List<PlanStep> Steps { get; init; }
    public required int Batch { get; init; }

    public long Flops => Steps.Sum(s => s.Op.Flops(s));
}
