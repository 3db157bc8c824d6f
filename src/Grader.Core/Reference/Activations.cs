using Grader.Core.Numerics;

namespace Grader.Core.Reference;

/// <summary>
/// Element-wise activations and their backward passes <c>*Backward(input, gradOutput)</c>, which
/// return dL/dx = f'(x)·dL/dy for any shape.
/// </summary>
/// <remarks>
/// At the kink x = 0 the piecewise-linear functions use the left derivative, as PyTorch does:
/// ReLU'(0) = 0, LeakyReLU'(0) = PReLU'(0) = α.
/// </remarks>
public static class Activations
{
    public const double DefaultLeakyAlpha = 0.01;

    public static NdArray ReLU(NdArray x) => x.Map(v => v > 0 ? v : 0);

    public static NdArray ReLUBackward(NdArray x, NdArray gradOutput) =>
        Zip(x, gradOutput, (v, g) => v > 0 ? g : 0);

    /// <summary>x for x ≥ 0, αx otherwise.</summary>
    public static NdArray LeakyReLU(NdArray x, double alpha = DefaultLeakyAlpha)
    {
        Check.Finite(alpha, "alpha");
        return x.Map(v => v > 0 ? v : alpha * v);
    }

    public static NdArray LeakyReLUBackward(NdArray x, NdArray gradOutput, double alpha = DefaultLeakyAlpha)
    {
        Check.Finite(alpha, "alpha");
        return Zip(x, gradOutput, (v, g) => v > 0 ? g : alpha * g);
    }

    /// <summary>Parametric ReLU with one learned α shared by all elements: the same formula as <see cref="LeakyReLU"/>.</summary>
    public static NdArray PReLU(NdArray x, double alpha) => LeakyReLU(x, alpha);

    public static NdArray PReLUBackward(NdArray x, NdArray gradOutput, double alpha) =>
        LeakyReLUBackward(x, gradOutput, alpha);

    /// <summary>dL/dα = Σ over elements with x &lt; 0 of dL/dy·x.</summary>
    public static double PReLUAlphaGrad(NdArray x, NdArray gradOutput)
    {
        Check.SameShape(x, gradOutput, "the input", "the output gradient");
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
            if (x.Data[i] < 0) sum += gradOutput.Data[i] * x.Data[i];
        return sum;
    }

    /// <summary>1/(1 + e^−x), evaluated without overflow for large |x|.</summary>
    public static NdArray Sigmoid(NdArray x) => x.Map(SigmoidOf);

    public static NdArray SigmoidBackward(NdArray x, NdArray gradOutput) =>
        Zip(x, gradOutput, (v, g) =>
        {
            double s = SigmoidOf(v);
            return g * s * (1 - s);
        });

    public static NdArray Tanh(NdArray x) => x.Map(Math.Tanh);

    public static NdArray TanhBackward(NdArray x, NdArray gradOutput) =>
        Zip(x, gradOutput, (v, g) =>
        {
            double t = Math.Tanh(v);
            return g * (1 - t * t);
        });

    internal static double SigmoidOf(double v)
    {
        if (v >= 0) return 1 / (1 + Math.Exp(-v));
        double e = Math.Exp(v);
        return e / (1 + e);
    }

    private static NdArray Zip(NdArray x, NdArray gradOutput, Func<double, double, double> f)
    {
        Check.SameShape(x, gradOutput, "the input", "the output gradient");
        var data = new double[x.Length];
        for (int i = 0; i < data.Length; i++) data[i] = f(x.Data[i], gradOutput.Data[i]);
        return new NdArray(x.Shape, data);
    }
}
