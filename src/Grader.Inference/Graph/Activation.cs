using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Grader.Inference.Graph;

internal enum ActivationKind { None, Relu, Clip, LeakyRelu }

/// <summary>A pointwise activation that can run as part of a producer's epilogue (conv, gemm, add),
/// saving a full pass over memory. Clip covers ReLU6 (PyTorch exports it as Clip(0, 6)).</summary>
internal readonly record struct Activation(ActivationKind Kind, float A = 0, float B = 0)
{
    public static Activation None => default;
    public static Activation Relu => new(ActivationKind.Relu);
    public static Activation Clip(float min, float max) => new(ActivationKind.Clip, min, max);
    public static Activation Leaky(float alpha) => new(ActivationKind.LeakyRelu, alpha);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Apply(float v) => Kind switch
    {
        ActivationKind.Relu => v > 0 ? v : 0,
        ActivationKind.Clip => MathF.Min(MathF.Max(v, A), B),
        ActivationKind.LeakyRelu => v >= 0 ? v : v * A,
        _ => v,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Apply(Vector512<float> v) => Kind switch
    {
        ActivationKind.Relu => Vector512.Max(v, Vector512<float>.Zero),
        ActivationKind.Clip => Vector512.Min(Vector512.Max(v, Vector512.Create(A)), Vector512.Create(B)),
        ActivationKind.LeakyRelu => Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(v, Vector512<float>.Zero), v, v * A),
        _ => v,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Apply(Vector256<float> v) => Kind switch
    {
        ActivationKind.Relu => Vector256.Max(v, Vector256<float>.Zero),
        ActivationKind.Clip => Vector256.Min(Vector256.Max(v, Vector256.Create(A)), Vector256.Create(B)),
        ActivationKind.LeakyRelu => Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(v, Vector256<float>.Zero), v, v * A),
        _ => v,
    };
}

/// <summary>Implemented by kernel ops that can absorb a following activation and/or a same-shape
/// residual Add into their output epilogue.</summary>
internal interface IFusableEpilogue
{
    Activation Activation { get; set; }
    /// <summary>Index into the step's inputs of the fused residual, or -1.</summary>
    int ResidualInput { get; set; }
    /// <summary>False when the op already adds a tensor of its own (e.g. Gemm with a full C).</summary>
    bool CanTakeResidual { get; }
}

/// <summary>Implemented by standalone activation ops so the fusion pass can read what they do.</summary>
internal interface IActivationOp
{
    Activation Activation { get; }
}
