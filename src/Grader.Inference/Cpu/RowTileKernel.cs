using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Grader.Inference.Cpu;

/// <summary>
/// The register tile of <see cref="RowConvKernel"/>: 3 vectors of 16 output pixels along a row ×
/// 8 output channels in 24 zmm accumulators. Per kernel tap, each pixel vector is one unaligned
/// load from the padded (phase-split) input rows and each weight a broadcast: 24 FMAs per 11
/// loads (a 2-vector tile did 16 per 10, and ran the Fashion CNN's conv2 at 2/3 of onnxruntime's
/// rate), with pixels in lanes so the result is already NCHW.
/// </summary>
internal static unsafe class RowTileKernel
{
    public const int Lanes = 16;
    public const int Channels = 8;
    public const int Vectors = 3;

    public static bool Supported => Sgemm.UseAvx512;

    /// <summary>acc[v·8 + j] = Σ_t band[base_v + tapAt[t]] (16 lanes) · w[t·8 + j], for v = 0, 1, 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(float* band, long base0, long base1, long base2, int* tapAt, int taps, float* w, Vector512<float>* acc)
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default,
            a4 = default, a5 = default, a6 = default, a7 = default,
            b0 = default, b1 = default, b2 = default, b3 = default,
            b4 = default, b5 = default, b6 = default, b7 = default,
            c0 = default, c1 = default, c2 = default, c3 = default,
            c4 = default, c5 = default, c6 = default, c7 = default;
        float* p0 = band + base0, p1 = band + base1, p2 = band + base2;
        for (int t = 0; t < taps; t++, w += Channels)
        {
            int off = tapAt[t];
            var x0 = Vector512.Load(p0 + off);
            var x1 = Vector512.Load(p1 + off);
            var x2 = Vector512.Load(p2 + off);
            var k = Vector512.Create(w[0]);
            a0 = Avx512F.FusedMultiplyAdd(k, x0, a0); b0 = Avx512F.FusedMultiplyAdd(k, x1, b0); c0 = Avx512F.FusedMultiplyAdd(k, x2, c0);
            k = Vector512.Create(w[1]);
            a1 = Avx512F.FusedMultiplyAdd(k, x0, a1); b1 = Avx512F.FusedMultiplyAdd(k, x1, b1); c1 = Avx512F.FusedMultiplyAdd(k, x2, c1);
            k = Vector512.Create(w[2]);
            a2 = Avx512F.FusedMultiplyAdd(k, x0, a2); b2 = Avx512F.FusedMultiplyAdd(k, x1, b2); c2 = Avx512F.FusedMultiplyAdd(k, x2, c2);
            k = Vector512.Create(w[3]);
            a3 = Avx512F.FusedMultiplyAdd(k, x0, a3); b3 = Avx512F.FusedMultiplyAdd(k, x1, b3); c3 = Avx512F.FusedMultiplyAdd(k, x2, c3);
            k = Vector512.Create(w[4]);
            a4 = Avx512F.FusedMultiplyAdd(k, x0, a4); b4 = Avx512F.FusedMultiplyAdd(k, x1, b4); c4 = Avx512F.FusedMultiplyAdd(k, x2, c4);
            k = Vector512.Create(w[5]);
            a5 = Avx512F.FusedMultiplyAdd(k, x0, a5); b5 = Avx512F.FusedMultiplyAdd(k, x1, b5); c5 = Avx512F.FusedMultiplyAdd(k, x2, c5);
            k = Vector512.Create(w[6]);
            a6 = Avx512F.FusedMultiplyAdd(k, x0, a6); b6 = Avx512F.FusedMultiplyAdd(k, x1, b6); c6 = Avx512F.FusedMultiplyAdd(k, x2, c6);
            k = Vector512.Create(w[7]);
            a7 = Avx512F.FusedMultiplyAdd(k, x0, a7); b7 = Avx512F.FusedMultiplyAdd(k, x1, b7); c7 = Avx512F.FusedMultiplyAdd(k, x2, c7);
        }
        acc[0] = a0; acc[1] = a1; acc[2] = a2; acc[3] = a3; acc[4] = a4; acc[5] = a5; acc[6] = a6; acc[7] = a7;
        acc[8] = b0; acc[9] = b1; acc[10] = b2; acc[11] = b3; acc[12] = b4; acc[13] = b5; acc[14] = b6; acc[15] = b7;
        acc[16] = c0; acc[17] = c1; acc[18] = c2; acc[19] = c3; acc[20] = c4; acc[21] = c5; acc[22] = c6; acc[23] = c7;
    }
}
