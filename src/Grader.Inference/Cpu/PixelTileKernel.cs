using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Grader.Inference.Cpu;

/// <summary>
/// The register tile of <see cref="ChannelsLastConvKernel"/>: 8 output pixels × 32 output channels
/// in 16 zmm accumulators. Each pixel's inputs are read in place from a channels-last slab
/// (indirect convolution: one pointer per pixel, no im2col copy), one scalar broadcast per pixel
/// and step, against 32 packed weights loaded as two vectors: 16 FMAs per 10 loads.
/// A step walks a "run": with undilated kernel rows, one kernel row's taps × channels are
/// contiguous in the slab (KW·C floats), so the inner loop is long even for 1- or 3-channel inputs.
/// </summary>
internal static unsafe class PixelTileKernel
{
    public const int Pixels = 8;
    public const int Channels = 32;

    public static bool Supported => Sgemm.UseAvx512;

    /// <summary>
    /// tile[r·32 + j] = Σ over runs, i of slab[pixel[r] + run + i] · w[(step)·32 + j], steps in run order.
    /// </summary>
    /// <param name="pixel">Slab offsets of the 8 pixels' first tap.</param>
    /// <param name="runOffsets">Slab offset of each run relative to a pixel's first tap.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(float* slab, int* pixel, int* runOffsets, int runs, int runLength, float* w, float* tile)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default,
            c20 = default, c21 = default, c30 = default, c31 = default,
            c40 = default, c41 = default, c50 = default, c51 = default,
            c60 = default, c61 = default, c70 = default, c71 = default;
        for (int run = 0; run < runs; run++)
        {
            float* s = slab + runOffsets[run];
            float* a0 = s + pixel[0], a1 = s + pixel[1], a2 = s + pixel[2], a3 = s + pixel[3],
                a4 = s + pixel[4], a5 = s + pixel[5], a6 = s + pixel[6], a7 = s + pixel[7];
            for (int i = 0; i < runLength; i++)
            {
                var b0 = Vector512.Load(w);
                var b1 = Vector512.Load(w + 16);
                w += Channels;
                var a = Vector512.Create(a0[i]);
                c00 = Avx512F.FusedMultiplyAdd(a, b0, c00); c01 = Avx512F.FusedMultiplyAdd(a, b1, c01);
                a = Vector512.Create(a1[i]);
                c10 = Avx512F.FusedMultiplyAdd(a, b0, c10); c11 = Avx512F.FusedMultiplyAdd(a, b1, c11);
                a = Vector512.Create(a2[i]);
                c20 = Avx512F.FusedMultiplyAdd(a, b0, c20); c21 = Avx512F.FusedMultiplyAdd(a, b1, c21);
                a = Vector512.Create(a3[i]);
                c30 = Avx512F.FusedMultiplyAdd(a, b0, c30); c31 = Avx512F.FusedMultiplyAdd(a, b1, c31);
                a = Vector512.Create(a4[i]);
                c40 = Avx512F.FusedMultiplyAdd(a, b0, c40); c41 = Avx512F.FusedMultiplyAdd(a, b1, c41);
                a = Vector512.Create(a5[i]);
                c50 = Avx512F.FusedMultiplyAdd(a, b0, c50); c51 = Avx512F.FusedMultiplyAdd(a, b1, c51);
                a = Vector512.Create(a6[i]);
                c60 = Avx512F.FusedMultiplyAdd(a, b0, c60); c61 = Avx512F.FusedMultiplyAdd(a, b1, c61);
                a = Vector512.Create(a7[i]);
                c70 = Avx512F.FusedMultiplyAdd(a, b0, c70); c71 = Avx512F.FusedMultiplyAdd(a, b1, c71);
            }
        }
        c00.Store(tile); c01.Store(tile + 16);
        c10.Store(tile + 32); c11.Store(tile + 48);
        c20.Store(tile + 64); c21.Store(tile + 80);
        c30.Store(tile + 96); c31.Store(tile + 112);
        c40.Store(tile + 128); c41.Store(tile + 144);
        c50.Store(tile + 160); c51.Store(tile + 176);
        c60.Store(tile + 192); c61.Store(tile + 208);
        c70.Store(tile + 224); c71.Store(tile + 240);
    }
}
