using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Grader.Inference.Cpu;

/// <summary>
/// The transforms of Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray, "Fast Algorithms
/// for Convolutional Neural Networks", 2016): a 2x2 block of a 3x3 convolution's output is
/// Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A for the 4x4 input patch d, 16 multiplications per input channel
/// instead of 36. The matrices hold only 0, ±1 and ½, so the transforms add no rounding beyond a
/// few additions: the outputs stay within a few ulps of the direct sum.
/// <code>
/// Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]   G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]   Aᵀ = [1 1 1 0; 0 1 −1 −1]
/// </code>
/// </summary>
internal static class WinogradF2x3
{
    /// <summary>Elements of a transformed tile: 4x4.</summary>
    public const int Points = 16;

    /// <summary>u = G g Gᵀ for one row-major 3x3 filter, in double so the halves round once.</summary>
    public static void TransformFilter(ReadOnlySpan<float> g, Span<float> u)
    {
        Span<double> t = stackalloc double[12]; // G g: 4 rows × 3 columns
        for (int j = 0; j < 3; j++)
        {
            double g0 = g[j], g1 = g[3 + j], g2 = g[6 + j];
            t[j] = g0;
            t[3 + j] = (g0 + g1 + g2) / 2;
            t[6 + j] = (g0 - g1 + g2) / 2;
            t[9 + j] = g2;
        }
        for (int i = 0; i < 4; i++)
        {
            double a0 = t[i * 3], a1 = t[i * 3 + 1], a2 = t[i * 3 + 2];
            u[i * 4] = (float)a0;
            u[i * 4 + 1] = (float)((a0 + a1 + a2) / 2);
            u[i * 4 + 2] = (float)((a0 - a1 + a2) / 2);
            u[i * 4 + 3] = (float)a2;
        }
    }

    /// <summary>One 4-point input transform (a row or a column of Bᵀ d B), in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InputPoints(ref Vector512<float> d0, ref Vector512<float> d1, ref Vector512<float> d2, ref Vector512<float> d3)
    {
        var e0 = d0 - d2;
        var e1 = d1 + d2;
        var e2 = d2 - d1;
        var e3 = d1 - d3;
        d0 = e0; d1 = e1; d2 = e2; d3 = e3;
    }

    /// <summary>One 4-to-2-point output transform (a row or a column of Aᵀ m A).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<float> Y0, Vector512<float> Y1) OutputPoints(Vector512<float> m0, Vector512<float> m1, Vector512<float> m2, Vector512<float> m3) =>
        (m0 + m1 + m2, m1 - m2 - m3);
}
