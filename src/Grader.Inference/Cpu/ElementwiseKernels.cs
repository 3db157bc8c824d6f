using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Grader.Inference.Graph;

namespace Grader.Inference.Cpu;

/// <summary>Pointwise functions of two operands. The numbers are shared with the GPU kernels
/// (binary_op in elementwise.cu): append only. Comparisons and the logical ops give 1 or 0.</summary>
internal enum BinaryKind { Add, Sub, Mul, Div, PRelu, Pow, Equal, Greater, Less, GreaterOrEqual, LessOrEqual, Max, Min, And, Or, Xor, Mod, FloorMod }

/// <summary>
/// Numpy-broadcasting binary op. At bind time the output is split into an outer odometer and an
/// inner contiguous run in which each operand is either fully present (stride 1) or a single
/// broadcast value (stride 0): per-channel bias, scalar constants and same-shape adds all become
/// vector loops.
/// </summary>
internal sealed unsafe class BinaryKernel : ICpuKernel
{
    private readonly BinaryKind kind;
    private readonly float* a, b, y;
    private readonly int[] outerShape, aOuterStrides, bOuterStrides;
    private readonly int inner;
    private readonly bool aVec, bVec;
    private readonly Activation act;
    private readonly RowRanges ranges;

    public BinaryKernel(BinaryKind kind, int[] aShape, int[] bShape, int[] outShape, float* a, float* b, float* y, Activation act, int workers)
    {
        this.kind = kind; this.a = a; this.b = b; this.y = y; this.act = act;
        int rank = outShape.Length;
        var sa = ShapeMath.BroadcastStrides(aShape, rank);
        var sb = ShapeMath.BroadcastStrides(bShape, rank);
        // Grow the inner run from the last dim while each operand keeps the same present/broadcast pattern.
        int split = rank;
        bool? pa = null, pb = null;
        inner = 1;
        while (split > 0)
        {
            int d = split - 1;
            if (outShape[d] != 1)
            {
                bool ca = sa[d] != 0, cb = sb[d] != 0;
                if (pa is null) { pa = ca; pb = cb; }
                else if (pa != ca || pb != cb) break;
            }
            inner *= outShape[d];
            split--;
        }
        aVec = pa ?? true;
        bVec = pb ?? true;
        outerShape = outShape[..split];
        aOuterStrides = sa[..split];
        bOuterStrides = sb[..split];
        int outerCount = ShapeMath.Product(outShape, 0, split);
        ranges = new RowRanges(outerCount, (long)outerCount * inner, workers, Chunk, inlineWork: 1 << 16);
    }

    /// <summary>Ranges of the outer loop across workers.</summary>
    public void Execute() => ranges.Run();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Chunk(int begin, int end, int _)
    {
        int rank = outerShape.Length;
        Span<int> idx = stackalloc int[Math.Max(rank, 1)];
        long ao = 0, bo = 0;
        int rem = begin;
        for (int d = rank - 1; d >= 0; d--)
        {
            idx[d] = rem % outerShape[d];
            rem /= outerShape[d];
            ao += (long)idx[d] * aOuterStrides[d];
            bo += (long)idx[d] * bOuterStrides[d];
        }
        for (int o = begin; o < end; o++)
        {
            float* dst = y + (long)o * inner;
            switch (kind)
            {
                case BinaryKind.Add: Run<AddOp>(a + ao, b + bo, dst); break;
                case BinaryKind.Sub: Run<SubOp>(a + ao, b + bo, dst); break;
                case BinaryKind.Mul: Run<MulOp>(a + ao, b + bo, dst); break;
                case BinaryKind.Div: Run<DivOp>(a + ao, b + bo, dst); break;
                case BinaryKind.PRelu: Run<PReluOp>(a + ao, b + bo, dst); break;
                case BinaryKind.Pow: Run<PowOp>(a + ao, b + bo, dst); break;
                case BinaryKind.Equal: Run<EqualOp>(a + ao, b + bo, dst); break;
                case BinaryKind.Greater: Run<GreaterOp>(a + ao, b + bo, dst); break;
                case BinaryKind.Less: Run<LessOp>(a + ao, b + bo, dst); break;
                case BinaryKind.GreaterOrEqual: Run<GreaterOrEqualOp>(a + ao, b + bo, dst); break;
                case BinaryKind.LessOrEqual: Run<LessOrEqualOp>(a + ao, b + bo, dst); break;
                case BinaryKind.Max: Run<MaxOp>(a + ao, b + bo, dst); break;
                case BinaryKind.Min: Run<MinOp>(a + ao, b + bo, dst); break;
                case BinaryKind.And: Run<AndOp>(a + ao, b + bo, dst); break;
                case BinaryKind.Or: Run<OrOp>(a + ao, b + bo, dst); break;
                case BinaryKind.Xor: Run<XorOp>(a + ao, b + bo, dst); break;
                case BinaryKind.Mod: Run<ModOp>(a + ao, b + bo, dst); break;
                default: Run<FloorModOp>(a + ao, b + bo, dst); break;
            }
            for (int d = rank - 1; d >= 0; d--)
            {
                idx[d]++;
                ao += aOuterStrides[d];
                bo += bOuterStrides[d];
                if (idx[d] < outerShape[d]) break;
                ao -= (long)aOuterStrides[d] * outerShape[d];
                bo -= (long)bOuterStrides[d] * outerShape[d];
                idx[d] = 0;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run<TOp>(float* pa, float* pb, float* dst) where TOp : struct, IBinaryOp
    {
        int i = 0, n = inner;
        if (Vector512.IsHardwareAccelerated && TOp.IsVectorised)
        {
            var sa = Vector512.Create(*pa);
            var sb = Vector512.Create(*pb);
            for (; i + 16 <= n; i += 16)
            {
                var va = aVec ? Vector512.Load(pa + i) : sa;
                var vb = bVec ? Vector512.Load(pb + i) : sb;
                act.Apply(TOp.Apply(va, vb)).Store(dst + i);
            }
        }
        for (; i < n; i++) dst[i] = act.Apply(TOp.Apply(aVec ? pa[i] : *pa, bVec ? pb[i] : *pb));
    }
}

internal interface IBinaryOp
{
    /// <summary>False where the vector form would be a lane-by-lane loop anyway (Pow).</summary>
    static virtual bool IsVectorised => true;
    static abstract float Apply(float a, float b);
    static abstract Vector512<float> Apply(Vector512<float> a, Vector512<float> b);
}

internal struct AddOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => a + b;
}

internal struct SubOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => a - b;
}

internal struct MulOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => a * b;
}

internal struct DivOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => a / b;
}

/// <summary>PRelu(x, slope) = x if x &gt;= 0 else slope·x.</summary>
internal struct PReluOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => a >= 0 ? a : a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) =>
        Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(a, Vector512<float>.Zero), a, a * b);
}

/// <summary>Pointwise unary op over a contiguous tensor, split in chunks across workers.</summary>
internal struct PowOp : IBinaryOp
{
    public static bool IsVectorised => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => MathF.Pow(a, b);
    public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => throw new NotSupportedException();
}

internal struct EqualOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => a == b ? 1f : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => Vector512.Equals(a, b) & Vector512<float>.One;
}

internal struct GreaterOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => a > b ? 1f : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => Vector512.GreaterThan(a, b) & Vector512<float>.One;
}

internal struct LessOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => a < b ? 1f : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => Vector512.LessThan(a, b) & Vector512<float>.One;
}

internal struct GreaterOrEqualOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => a >= b ? 1f : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => Vector512.GreaterThanOrEqual(a, b) & Vector512<float>.One;
}

internal struct LessOrEqualOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => a <= b ? 1f : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => Vector512.LessThanOrEqual(a, b) & Vector512<float>.One;
}

/// <summary>Max and Min propagate NaN, as ONNX Runtime does.</summary>
internal struct MaxOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => MathF.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);
}

internal struct MinOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => MathF.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => Vector512.Min(a, b);
}

/// <summary>Booleans are held as 1 and 0: the logical ops test for non-zero.</summary>
internal struct AndOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => a != 0 && b != 0 ? 1f : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) =>
        ~(Vector512.Equals(a, Vector512<float>.Zero) | Vector512.Equals(b, Vector512<float>.Zero)) & Vector512<float>.One;
}

internal struct OrOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => a != 0 || b != 0 ? 1f : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) =>
        ~(Vector512.Equals(a, Vector512<float>.Zero) & Vector512.Equals(b, Vector512<float>.Zero)) & Vector512<float>.One;
}

internal struct XorOp : IBinaryOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => (a != 0) != (b != 0) ? 1f : 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) =>
        (Vector512.Equals(a, Vector512<float>.Zero) ^ Vector512.Equals(b, Vector512<float>.Zero)) & Vector512<float>.One;
}

/// <summary>Remainder with the dividend's sign (C's fmod): ONNX Mod with fmod=1.</summary>
internal struct ModOp : IBinaryOp
{
    public static bool IsVectorised => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Apply(float a, float b) => a % b;
    public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => throw new NotSupportedException();
}

/// <summary>Remainder with the divisor's sign (Python's %): ONNX Mod with fmod=0.</summary>
internal struct FloorModOp : IBinaryOp
{
    public static bool IsVectorised => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(float a, float b)
    {
        float r = a % b;
        return r != 0 && (r < 0) != (b < 0) ? r + b : r;
    }
    public static Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => throw new NotSupportedException();
}

internal sealed unsafe class UnaryKernel : ICpuKernel
{
    private const int ChunkSize = 1 << 15;
    private readonly UnaryKind kind;
    private readonly Activation act;
    private readonly float alpha, beta;
    private readonly float* x, y;
    private readonly int length, workers;
    private readonly Action<int, int> task;

    public UnaryKernel(UnaryKind kind, Activation act, float* x, float* y, int length, int workers, float alpha = 0, float beta = 0)
    {
        this.kind = kind; this.act = act; this.x = x; this.y = y; this.length = length; this.workers = workers;
        this.alpha = alpha; this.beta = beta;
        task = (t, _) => Run(t * ChunkSize, Math.Min(ChunkSize, length - t * ChunkSize));
    }

    public void Execute() => CpuParallel.For((length + ChunkSize - 1) / ChunkSize, workers, task);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run(int start, int n)
    {
        var src = new ReadOnlySpan<float>(x + start, n);
        var dst = new Span<float>(y + start, n);
        if (kind != UnaryKind.Activation)
        {
            UnaryMath.Apply(kind, src, dst, alpha, beta);
            return;
        }
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= n; i += 16) act.Apply(Vector512.Load(x + start + i)).Store(y + start + i);
        for (; i < n; i++) dst[i] = act.Apply(src[i]);
    }
}

/// <summary>y = x·scale[c] + shift[c] over NCHW: a BatchNormalization that had no conv to fold into.</summary>
internal sealed unsafe class ChannelAffineKernel(int n, int c, int plane, PinnedBuffer scale, PinnedBuffer shift, float* x, float* y) : ICpuKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute()
    {
        for (int i = 0; i < n * c; i++)
        {
            int ch = i % c;
            var src = new ReadOnlySpan<float>(x + (long)i * plane, plane);
            var dst = new Span<float>(y + (long)i * plane, plane);
            TensorPrimitives.Multiply(src, scale.Ptr[ch], dst);
            TensorPrimitives.Add(dst, shift.Ptr[ch], dst);
        }
    }
}
