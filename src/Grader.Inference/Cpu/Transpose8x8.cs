using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Grader.Inference.Cpu;

/// <summary>8×8 float transpose in AVX registers (unpack, shuffle, lane swap: 24 instructions for
/// 64 elements), for moving blocks between channel-major (NCHW) and pixel-major (channels-last) order.</summary>
internal static unsafe class Transpose8x8
{
    public static bool Supported => Avx.IsSupported;

    /// <summary>dst[j·dstStride + i] = src[i·srcStride + j] for i, j in [0, 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(float* src, long srcStride, float* dst, long dstStride)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + srcStride);
        var r2 = Avx.LoadVector256(src + 2 * srcStride);
        var r3 = Avx.LoadVector256(src + 3 * srcStride);
        var r4 = Avx.LoadVector256(src + 4 * srcStride);
        var r5 = Avx.LoadVector256(src + 5 * srcStride);
        var r6 = Avx.LoadVector256(src + 6 * srcStride);
        var r7 = Avx.LoadVector256(src + 7 * srcStride);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(u0, u4, 0x20).Store(dst);
        Avx.Permute2x128(u1, u5, 0x20).Store(dst + dstStride);
        Avx.Permute2x128(u2, u6, 0x20).Store(dst + 2 * dstStride);
        Avx.Permute2x128(u3, u7, 0x20).Store(dst + 3 * dstStride);
        Avx.Permute2x128(u0, u4, 0x31).Store(dst + 4 * dstStride);
        Avx.Permute2x128(u1, u5, 0x31).Store(dst + 5 * dstStride);
        Avx.Permute2x128(u2, u6, 0x31).Store(dst + 6 * dstStride);
        Avx.Permute2x128(u3, u7, 0x31).Store(dst + 7 * dstStride);
    }

    /// <summary>dst[j·dstStride + i] = src[i·srcStride + j] for i in [0, rows), j in [0, cols):
    /// 8×8 blocks in registers where supported, the ragged edges element by element.</summary>
    public static void Block(float* src, long srcStride, float* dst, long dstStride, int rows, int cols)
    {
        int rows8 = Supported ? rows & ~7 : 0, cols8 = Supported ? cols & ~7 : 0;
        for (int i = 0; i < rows8; i += 8)
            for (int j = 0; j < cols8; j += 8)
                Copy(src + i * srcStride + j, srcStride, dst + j * dstStride + i, dstStride);
        for (int i = 0; i < rows; i++)
            for (int j = i < rows8 ? cols8 : 0; j < cols; j++)
                dst[j * dstStride + i] = src[i * srcStride + j];
    }
}
