using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Grader.Inference.Cpu;

/// <summary>Reductions, named as the ONNX ops without "Reduce". The numbers are shared with the
/// GPU kernel (grader_reduce's kind argument): append only.</summary>
internal enum ReduceKind { Mean, Sum, Max, Min, Prod, L1, L2, SumSquare, LogSum, LogSumExp }

/// <summary>One row's reduction, shared by folding and the kernels' contiguous case.</summary>
internal static class ReduceMath
{
    /// <summary>What an empty row reduces to (ONNX: the identity of the reduction; Mean: NaN).</summary>
    public static float Identity(ReduceKind kind) => kind switch
    {
        ReduceKind.Max or ReduceKind.LogSum or ReduceKind.LogSumExp => float.NegativeInfinity,
        ReduceKind.Min => float.PositiveInfinity,
        ReduceKind.Prod => 1f,
        ReduceKind.Mean => float.NaN,
        _ => 0f,
    };

    public static float Row(ReduceKind kind, ReadOnlySpan<float> row)
    {
        if (row.Length == 0) return Identity(kind);
        switch (kind)
        {
            case ReduceKind.Mean: return TensorPrimitives.Sum(row) / row.Length;
            case ReduceKind.Sum: return TensorPrimitives.Sum(row);
            case ReduceKind.Max: return TensorPrimitives.Max(row);
            case ReduceKind.Min: return TensorPrimitives.Min(row);
            case ReduceKind.Prod: return TensorPrimitives.Product(row);
            case ReduceKind.L1: return TensorPrimitives.SumOfMagnitudes(row);
            case ReduceKind.L2: return TensorPrimitives.Norm(row);
            case ReduceKind.SumSquare: return TensorPrimitives.SumOfSquares(row);
            case ReduceKind.LogSum: return MathF.Log(TensorPrimitives.Sum(row));
            default:
                {
                    float m = TensorPrimitives.Max(row);
                    if (float.IsInfinity(m)) return m;
                    double sum = 0;
                    foreach (float v in row) sum += MathF.Exp(v - m);
                    return m + (float)Math.Log(sum);
                }
        }
    }
}

/// <summary>Reduction over the middle axis of an [outer, len, inner] view (the op transposes
/// scattered axes next to each other first). Rows of a contiguous reduction (inner = 1) are
/// split across workers; otherwise whole rows of the inner axis are combined with vector ops.</summary>
internal sealed unsafe class ReduceKernel : ICpuKernel
{
    private readonly ReduceKind kind;
    private readonly int len, inner;
    private readonly float* x, y;
    private readonly RowRanges ranges;

    public ReduceKernel(ReduceKind kind, int outer, int len, int inner, float* x, float* y, CpuBindContext bind)
    {
        this.kind = kind; this.len = len; this.inner = inner; this.x = x; this.y = y;
        ranges = new RowRanges(outer, (long)outer * len * inner, bind.Workers, Slices);
    }

    public void Execute() => ranges.Run();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Slices(int begin, int end, int _)
    {
        for (int o = begin; o < end; o++)
        {
            if (inner == 1) y[o] = ReduceMath.Row(kind, new ReadOnlySpan<float>(x + (long)o * len, len));
            else Rows(o);
        }
    }

    private void Rows(int o)
    {
        var acc = new Span<float>(y + (long)o * inner, inner);
        float* src = x + (long)o * len * inner;
        if (len == 0)
        {
            acc.Fill(ReduceMath.Identity(kind));
            return;
        }
        ReadOnlySpan<float> Row(int j) => new(src + (long)j * inner, inner);
        if (kind == ReduceKind.LogSumExp)
        {
            // max first, then Σ exp(x - max) in the row being written, then max + log(Σ).
            Span<float> max = inner <= 1024 ? stackalloc float[inner] : new float[inner];
            Row(0).CopyTo(max);
            for (int j = 1; j < len; j++) TensorPrimitives.Max(max, Row(j), max);
            acc.Clear();
            for (int i = 0; i < inner; i++)
            {
                float m = max[i];
                if (float.IsInfinity(m)) { acc[i] = m; continue; }
                double sum = 0;
                for (int j = 0; j < len; j++) sum += MathF.Exp(src[(long)j * inner + i] - m);
                acc[i] = m + (float)Math.Log(sum);
            }
            return;
        }
        switch (kind)
        {
            case ReduceKind.L1: TensorPrimitives.Abs(Row(0), acc); break;
            case ReduceKind.L2 or ReduceKind.SumSquare: TensorPrimitives.Multiply(Row(0), Row(0), acc); break;
            default: Row(0).CopyTo(acc); break;
        }
        for (int j = 1; j < len; j++)
        {
            var row = Row(j);
            switch (kind)
            {
                case ReduceKind.Max: TensorPrimitives.Max(acc, row, acc); break;
                case ReduceKind.Min: TensorPrimitives.Min(acc, row, acc); break;
                case ReduceKind.Prod: TensorPrimitives.Multiply(acc, row, acc); break;
                case ReduceKind.L1:
                    for (int i = 0; i < inner; i++) acc[i] += MathF.Abs(row[i]);
                    break;
                case ReduceKind.L2 or ReduceKind.SumSquare: TensorPrimitives.MultiplyAdd(row, row, acc, acc); break;
                default: TensorPrimitives.Add(acc, row, acc); break;
            }
        }
        switch (kind)
        {
            case ReduceKind.Mean: TensorPrimitives.Multiply(acc, 1f / len, acc); break;
            case ReduceKind.L2: TensorPrimitives.Sqrt(acc, acc); break;
            case ReduceKind.LogSum: TensorPrimitives.Log(acc, acc); break;
        }
    }
}

/// <summary>Index of the largest (ArgMax) or smallest (ArgMin) value along the middle axis of
/// [outer, len, inner], the first or the last of equal ones; written as a float.</summary>
internal sealed unsafe class ArgKernel(int outer, int len, int inner, bool max, bool last, float* x, float* y) : ICpuKernel
{
    public void Execute()
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
                y[(long)o * inner + i] = Find(new ReadOnlySpan<float>(x + (long)o * len * inner + i, (len - 1) * inner + 1), len, inner, max, last);
    }

    /// <summary>The index along a strided row of <paramref name="len"/> values starting at src[0].</summary>
    public static int Find(ReadOnlySpan<float> src, int len, int stride, bool max, bool last)
    {
        int best = 0;
        float bv = src[0];
        for (int j = 1; j < len; j++)
        {
            float v = src[j * stride];
            bool better = max ? (last ? v >= bv : v > bv) : (last ? v <= bv : v < bv);
            if (better) { best = j; bv = v; }
        }
        return best;
    }
}
