using Grader.Core.Numerics;

namespace Grader.Core.Expressions;

/// <summary>
/// Caps the work one evaluation may do, so that a hostile or careless formula
/// (<c>ones(2000,2000)^64</c>) fails quickly instead of stalling grading. Counts element operations:
/// an elementwise op costs its output size, a matrix product m*k*n, an inverse n^3.
/// Not thread-safe: use one budget per evaluation.
/// </summary>
public sealed class EvaluationBudget(long maxOperations = EvaluationBudget.DefaultMaxOperations, int maxElements = NdArray.MaxElements)
{
    public const long DefaultMaxOperations = 20_000_000;

    public long MaxOperations { get; } = maxOperations;

    /// <summary>Largest array any single step may produce.</summary>
    public int MaxElements { get; } = Math.Min(maxElements, NdArray.MaxElements);

    public long Used { get; private set; }

    public void Charge(long operations)
    {
        if (operations < 0 || operations > MaxOperations - Used)
        {
            Used = MaxOperations;
            throw new EvaluationException("expression too expensive to evaluate");
        }
        Used += operations;
    }

    /// <summary>Checks that an array of <paramref name="shape"/> may be created and charges for filling it.</summary>
    public void ChargeAllocation(IReadOnlyList<int> shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
                throw new EvaluationException($"negative size {d} in shape {NdArray.FormatShape(shape)}");
            count *= d;
            if (count > MaxElements)
                throw new EvaluationException(
                    $"an array of shape {NdArray.FormatShape(shape)} is too large (at most {MaxElements} elements)");
        }
        Charge(count);
    }

    /// <summary>Creates a zero array of <paramref name="shape"/> after charging for it.</summary>
    public NdArray Allocate(params int[] shape)
    {
        ChargeAllocation(shape);
        return NdArray.Zeros(shape);
    }
}
