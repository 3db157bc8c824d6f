using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Grader.Inference.Cpu;

/// <summary>Pointwise functions of one operand. The numbers are shared with the GPU kernel
/// (grader_unary's kind argument): append only.</summary>
internal enum UnaryKind
{
    Activation, Sigmoid, Tanh, Exp, Log, Sqrt, Reciprocal, Neg, Abs, Erf, Gelu, GeluTanh,
    Elu, Selu, HardSigmoid, HardSwish, Softplus, Mish, Floor, Ceil, Truncate, IsNonZero, Not, Softsign,
}

/// <summary>
/// The unary functions on spans, vectorised with AVX-512 where the machine has it, with a scalar
/// definition that folding at plan time and the vector tails share. Parameters: Elu's alpha, Selu's
/// alpha and gamma (<c>beta</c>), HardSigmoid's alpha and beta.
/// </summary>
internal static class UnaryMath
{
    private const float Sqrt1Over2 = 0.70710678118654752f;
    private const float Sqrt2OverPi = 0.79788456080286536f;

    public static bool HasParameters(UnaryKind kind) => kind is UnaryKind.Elu or UnaryKind.Selu or UnaryKind.HardSigmoid;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply(UnaryKind kind, float x, float alpha, float beta) => kind switch
    {
        UnaryKind.Sigmoid => 1f / (1f + MathF.Exp(-x)),
        UnaryKind.Tanh => MathF.Tanh(x),
        UnaryKind.Exp => MathF.Exp(x),
        UnaryKind.Log => MathF.Log(x),
        UnaryKind.Sqrt => MathF.Sqrt(x),
        UnaryKind.Reciprocal => 1f / x,
        UnaryKind.Neg => -x,
        UnaryKind.Abs => MathF.Abs(x),
        UnaryKind.Erf => Erf(x),
        UnaryKind.Gelu => 0.5f * x * (1f + Erf(x * Sqrt1Over2)),
        UnaryKind.GeluTanh => 0.5f * x * (1f + MathF.Tanh(Sqrt2OverPi * (x + 0.044715f * x * x * x))),
        UnaryKind.Elu => x > 0 ? x : alpha * (MathF.Exp(x) - 1f),
        UnaryKind.Selu => beta * (x > 0 ? x : alpha * (MathF.Exp(x) - 1f)),
        UnaryKind.HardSigmoid => MathF.Max(0f, MathF.Min(1f, alpha * x + beta)),
        UnaryKind.HardSwish => x * MathF.Max(0f, MathF.Min(1f, x / 6f + 0.5f)),
        UnaryKind.Softplus => Softplus(x),
        UnaryKind.Mish => x * MathF.Tanh(Softplus(x)),
        UnaryKind.Floor => MathF.Floor(x),
        UnaryKind.Ceil => MathF.Ceiling(x),
        UnaryKind.Truncate => MathF.Truncate(x),
        UnaryKind.IsNonZero => x != 0 ? 1f : 0f,
        UnaryKind.Not => x == 0 ? 1f : 0f,
        UnaryKind.Softsign => x / (1f + MathF.Abs(x)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>log(1 + eˣ) without overflow for large x and without losing small results.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Softplus(float x) => x > 0 ? x + MathF.Log(1f + MathF.Exp(-x)) : MathF.Log(1f + MathF.Exp(x));

    /// <summary>
    /// erf in float32 to within about 2e-7 absolute and 1e-6 relative: the Maclaurin series below
    /// 0.5 (where the error of a one-minus form would be large relative to the result), and
    /// Abramowitz and Stegun 7.1.26 above (absolute error 1.5e-7 on results of at least 0.52).
    /// </summary>
    public static float Erf(float x)
    {
        float ax = MathF.Abs(x);
        if (ax < 0.5f)
        {
            float z = x * x;
            return x * (1.1283791671f + z * (-0.3761263890f + z * (0.1128379167f + z * (-0.0268661707f
                + z * (0.0052239776f + z * (-0.0008548327f + z * 0.0001205493f))))));
        }
        float t = 1f / (1f + 0.3275911f * ax);
        float poly = t * (0.254829592f + t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
        float r = 1f - poly * MathF.Exp(-ax * ax);
        return x < 0 ? -r : r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Erf(Vector512<float> x)
    {
        var ax = Vector512.Abs(x);
        var z = x * x;
        var small = x * (Vector512.Create(1.1283791671f) + z * (Vector512.Create(-0.3761263890f) + z * (Vector512.Create(0.1128379167f)
            + z * (Vector512.Create(-0.0268661707f) + z * (Vector512.Create(0.0052239776f) + z * (Vector512.Create(-0.0008548327f)
            + z * Vector512.Create(0.0001205493f)))))));
        var t = Vector512<float>.One / (Vector512<float>.One + Vector512.Create(0.3275911f) * ax);
        var poly = t * (Vector512.Create(0.254829592f) + t * (Vector512.Create(-0.284496736f) + t * (Vector512.Create(1.421413741f)
            + t * (Vector512.Create(-1.453152027f) + t * Vector512.Create(1.061405429f)))));
        var large = Vector512<float>.One - poly * Vector512.Exp(-z);
        // Copy x's sign onto the one-minus form (erf is odd).
        large = Vector512.ConditionalSelect(Vector512.Create(-0f), x, large);
        return Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(0.5f)), small, large);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ExpMinusOneOfNegativePart(Vector512<float> x) =>
        Vector512.Exp(Vector512.Min(x, Vector512<float>.Zero)) - Vector512<float>.One;

    /// <summary>dst[i] = f(src[i]); src and dst must not overlap (kernels read and write distinct buffers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(UnaryKind kind, ReadOnlySpan<float> src, Span<float> dst, float alpha, float beta)
    {
        switch (kind)
        {
            case UnaryKind.Sigmoid: TensorPrimitives.Sigmoid(src, dst); return;
            case UnaryKind.Tanh: TensorPrimitives.Tanh(src, dst); return;
            case UnaryKind.Exp: TensorPrimitives.Exp(src, dst); return;
            case UnaryKind.Log: TensorPrimitives.Log(src, dst); return;
            case UnaryKind.Sqrt: TensorPrimitives.Sqrt(src, dst); return;
            case UnaryKind.Reciprocal: TensorPrimitives.Reciprocal(src, dst); return;
            case UnaryKind.Neg: TensorPrimitives.Negate(src, dst); return;
            case UnaryKind.Abs: TensorPrimitives.Abs(src, dst); return;
            case UnaryKind.Floor: TensorPrimitives.Floor(src, dst); return;
            case UnaryKind.Ceil: TensorPrimitives.Ceiling(src, dst); return;
            case UnaryKind.Truncate: TensorPrimitives.Truncate(src, dst); return;
            case UnaryKind.Softplus: Softplus(src, dst); return;
            case UnaryKind.Mish: Softplus(src, dst); TensorPrimitives.Tanh(dst, dst); TensorPrimitives.Multiply(src, dst, dst); return;
            case UnaryKind.GeluTanh: GeluTanh(src, dst); return;
        }
        int i = 0, n = src.Length;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            ref float s = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(src);
            ref float d = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(dst);
            var va = Vector512.Create(alpha);
            var vb = Vector512.Create(beta);
            var zero = Vector512<float>.Zero;
            var one = Vector512<float>.One;
            for (; i + 16 <= n; i += 16)
            {
                var x = Vector512.LoadUnsafe(ref s, (nuint)i);
                Vector512<float> y = kind switch
                {
                    UnaryKind.Erf => Erf(x),
                    UnaryKind.Gelu => Vector512.Create(0.5f) * x * (one + Erf(x * Vector512.Create(Sqrt1Over2))),
                    UnaryKind.Elu => Vector512.ConditionalSelect(Vector512.GreaterThan(x, zero), x, va * ExpMinusOneOfNegativePart(x)),
                    UnaryKind.Selu => vb * Vector512.ConditionalSelect(Vector512.GreaterThan(x, zero), x, va * ExpMinusOneOfNegativePart(x)),
                    UnaryKind.HardSigmoid => Vector512.Max(zero, Vector512.Min(one, va * x + vb)),
                    UnaryKind.HardSwish => x * Vector512.Max(zero, Vector512.Min(one, x / Vector512.Create(6f) + Vector512.Create(0.5f))),
                    UnaryKind.IsNonZero => ~Vector512.Equals(x, zero) & one,
                    UnaryKind.Not => Vector512.Equals(x, zero) & one,
                    UnaryKind.Softsign => x / (one + Vector512.Abs(x)),
                    _ => throw new ArgumentOutOfRangeException(nameof(kind)),
                };
                y.StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < n; i++) dst[i] = Apply(kind, src[i], alpha, beta);
    }

    private delegate void ChunkOp(ReadOnlySpan<float> src, Span<float> tmp, Span<float> dst);

    /// <summary>Runs a multi-pass function over cache-sized chunks with a stack buffer.</summary>
    private static void Chunked(ReadOnlySpan<float> src, Span<float> dst, ChunkOp op)
    {
        Span<float> tmp = stackalloc float[256];
        for (int start = 0; start < src.Length; start += tmp.Length)
        {
            int n = Math.Min(tmp.Length, src.Length - start);
            op(src.Slice(start, n), tmp[..n], dst.Slice(start, n));
        }
    }

    /// <summary>max(x, 0) + log(1 + e^-|x|): stable at both ends.</summary>
    private static void Softplus(ReadOnlySpan<float> src, Span<float> dst) => Chunked(src, dst, static (s, t, d) =>
    {
        TensorPrimitives.Abs(s, t);
        TensorPrimitives.Negate(t, t);
        TensorPrimitives.Exp(t, t);
        TensorPrimitives.LogP1(t, t);
        TensorPrimitives.Max(s, 0f, d);
        TensorPrimitives.Add(d, t, d);
    });

    /// <summary>0.5·x·(1 + tanh(√(2/π)·(x + 0.044715x³))), with the inner term as x·(√(2/π) + √(2/π)·0.044715·x²).</summary>
    private static void GeluTanh(ReadOnlySpan<float> src, Span<float> dst) => Chunked(src, dst, static (s, t, d) =>
    {
        TensorPrimitives.Multiply(s, s, t);
        TensorPrimitives.Multiply(t, Sqrt2OverPi * 0.044715f, t);
        TensorPrimitives.Add(t, Sqrt2OverPi, t);
        TensorPrimitives.Multiply(t, s, t);
        TensorPrimitives.Tanh(t, t);
        TensorPrimitives.Add(t, 1f, t);
        TensorPrimitives.Multiply(s, t, d);
        TensorPrimitives.Multiply(d, 0.5f, d);
    });
}
