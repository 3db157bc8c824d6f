using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Grader.Inference.Cpu;

/// <summary>
/// Single-precision GEMM, C = A·B (+ epilogue), GotoBLAS style: both operands are first packed into
/// panels (A: MR rows interleaved, B: NR columns interleaved, K split in KC blocks) so the
/// register-blocked MR×NR micro-kernel streams both with unit stride. Constant operands (weights)
/// are packed once at bind time; activations are packed per call into per-worker scratch.
/// Threading is the caller's job: <see cref="Multiply"/> computes one rectangular range of tiles.
/// </summary>
internal static unsafe class Sgemm
{
    public const int MR = 8;
    public const int NR = 32;
    /// <summary>K block: an MR×KC A panel (8 KiB) and a KC×NR B panel (32 KiB) stay in L1/L2.</summary>
    public const int KC = 256;

    /// <summary>Kernel selection; tests switch these off to check the fallback kernels.</summary>
    internal static bool UseAvx512 = Avx512F.IsSupported && Vector512.IsHardwareAccelerated;
    internal static bool UseAvx2 = Fma.IsSupported && Vector256.IsHardwareAccelerated;

    public static int RoundUp(int x, int m) => (x + m - 1) / m * m;
    public static long PackedSizeA(int m, int k) => (long)RoundUp(m, MR) * k;
    public static long PackedSizeB(int k, int n) => (long)RoundUp(n, NR) * k;

    /// <summary>Packs A (m×k, element (i,p) at a[i*rs + p*cs]) into MR-row panels per K block;
    /// only panels [p0, p1) when given, so several workers can pack disjoint panels at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(float* a, long rs, long cs, int m, int k, float* dst, int p0 = 0, int p1 = -1)
    {
        int mp = RoundUp(m, MR);
        if (p1 < 0) p1 = mp / MR;
        for (int k0 = 0; k0 < k; k0 += KC)
        {
            int kc = Math.Min(KC, k - k0);
            float* blk = dst + (long)k0 * mp;
            for (int p = p0; p < p1; p++)
            {
                float* pd = blk + (long)p * kc * MR;
                int rows = Math.Min(MR, m - p * MR);
                int kk = 0;
                // Row-major A (a Linear layer's activations): 8 rows x 8 columns per register transpose.
                if (cs == 1 && rows == MR && Transpose8x8.Supported)
                    for (; kk + 8 <= kc; kk += 8)
                        Transpose8x8.Copy(a + (long)p * MR * rs + k0 + kk, rs, pd + kk * MR, MR);
                for (; kk < kc; kk++)
                {
                    float* src = a + (long)p * MR * rs + (k0 + kk) * cs;
                    int r = 0;
                    for (; r < rows; r++) pd[kk * MR + r] = src[r * rs];
                    for (; r < MR; r++) pd[kk * MR + r] = 0;
                }
            }
        }
    }

    /// <summary>Packs B (k×n, element (p,j) at b[p*rs + j*cs]) into NR-column panels per K block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(float* b, long rs, long cs, int k, int n, float* dst)
    {
        int np = RoundUp(n, NR);
        for (int k0 = 0; k0 < k; k0 += KC)
        {
            int kc = Math.Min(KC, k - k0);
            float* blk = dst + (long)k0 * np;
            for (int q = 0; q < np / NR; q++)
            {
                float* pd = blk + (long)q * kc * NR;
                int cols = Math.Min(NR, n - q * NR);
                for (int kk = 0; kk < kc; kk++)
                {
                    float* src = b + (k0 + kk) * rs + (long)q * NR * cs;
                    float* d = pd + kk * NR;
                    if (cs == 1 && cols == NR) Buffer.MemoryCopy(src, d, NR * sizeof(float), NR * sizeof(float));
                    else
                    {
                        int j = 0;
                        for (; j < cols; j++) d[j] = src[j * cs];
                        for (; j < NR; j++) d[j] = 0;
                    }
                }
            }
        }
    }

    /// <summary>
    /// C[rows of panels p0..p1) × (cols of panels q0..q1)] = packedA·packedB, then the epilogue.
    /// <paramref name="m"/>, <paramref name="n"/>, <paramref name="k"/> are the full packed sizes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(int m, int n, int k, float* pa, float* pb, float* c, int ldc, in Epilogue ep,
        int p0 = 0, int p1 = -1, int q0 = 0, int q1 = -1)
    {
        int mp = RoundUp(m, MR), np = RoundUp(n, NR);
        if (p1 < 0) p1 = mp / MR;
        if (q1 < 0) q1 = np / NR;
        if (k == 0)
        {
            for (int i = p0 * MR; i < Math.Min(m, p1 * MR); i++)
                new Span<float>(c + (long)i * ldc + q0 * NR, Math.Min(n, q1 * NR) - q0 * NR).Clear();
            ep.Apply(c, ldc, p0 * MR, q0 * NR, Math.Min(m, p1 * MR) - p0 * MR, Math.Min(n, q1 * NR) - q0 * NR);
            return;
        }
        float* tile = stackalloc float[MR * NR];
        for (int k0 = 0; k0 < k; k0 += KC)
        {
            int kc = Math.Min(KC, k - k0);
            bool accumulate = k0 > 0, last = k0 + kc >= k;
            float* aBlk = pa + (long)k0 * mp;
            float* bBlk = pb + (long)k0 * np;
            for (int q = q0; q < q1; q++)
            {
                float* bp = bBlk + (long)q * kc * NR;
                int j = q * NR, nr = Math.Min(NR, n - j);
                for (int p = p0; p < p1; p++)
                {
                    float* ap = aBlk + (long)p * kc * MR;
                    int i = p * MR, mr = Math.Min(MR, m - i);
                    float* cp = c + (long)i * ldc + j;
                    if (mr == MR && nr == NR) Kernel(kc, ap, bp, cp, ldc, accumulate);
                    else
                    {
                        // Edge tile: compute the full MR×NR into a stack tile, keep the valid part.
                        Kernel(kc, ap, bp, tile, NR, false);
                        for (int r = 0; r < mr; r++)
                            for (int t = 0; t < nr; t++)
                                cp[(long)r * ldc + t] = accumulate ? cp[(long)r * ldc + t] + tile[r * NR + t] : tile[r * NR + t];
                    }
                    if (last) ep.Apply(c, ldc, i, j, mr, nr);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel(int kc, float* a, float* b, float* c, int ldc, bool acc)
    {
        if (UseAvx512) Kernel512(kc, a, b, c, ldc, acc);
        else if (UseAvx2)
        {
            Kernel256x4x16(kc, a, b, c, ldc, acc);
            Kernel256x4x16(kc, a, b + 16, c + 16, ldc, acc);
            Kernel256x4x16(kc, a + 4, b, c + 4L * ldc, ldc, acc);
            Kernel256x4x16(kc, a + 4, b + 16, c + 4L * ldc + 16, ldc, acc);
        }
        else KernelScalar(kc, a, b, c, ldc, acc);
    }

    /// <summary>8×32 tile with 16 zmm accumulators: per k, 2 B loads, 8 broadcasts, 16 FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(int kc, float* a, float* b, float* c, int ldc, bool acc)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default,
            c20 = default, c21 = default, c30 = default, c31 = default,
            c40 = default, c41 = default, c50 = default, c51 = default,
            c60 = default, c61 = default, c70 = default, c71 = default;
        for (int kk = 0; kk < kc; kk++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00); c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            a0 = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(a0, b0, c10); c11 = Avx512F.FusedMultiplyAdd(a0, b1, c11);
            a0 = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(a0, b0, c20); c21 = Avx512F.FusedMultiplyAdd(a0, b1, c21);
            a0 = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(a0, b0, c30); c31 = Avx512F.FusedMultiplyAdd(a0, b1, c31);
            a0 = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(a0, b0, c40); c41 = Avx512F.FusedMultiplyAdd(a0, b1, c41);
            a0 = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(a0, b0, c50); c51 = Avx512F.FusedMultiplyAdd(a0, b1, c51);
            a0 = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(a0, b0, c60); c61 = Avx512F.FusedMultiplyAdd(a0, b1, c61);
            a0 = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(a0, b0, c70); c71 = Avx512F.FusedMultiplyAdd(a0, b1, c71);
            a += MR;
            b += NR;
        }
        Store512(c, c00, c01, acc); c += ldc;
        Store512(c, c10, c11, acc); c += ldc;
        Store512(c, c20, c21, acc); c += ldc;
        Store512(c, c30, c31, acc); c += ldc;
        Store512(c, c40, c41, acc); c += ldc;
        Store512(c, c50, c51, acc); c += ldc;
        Store512(c, c60, c61, acc); c += ldc;
        Store512(c, c70, c71, acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(float* c, Vector512<float> v0, Vector512<float> v1, bool acc)
    {
        if (acc) { v0 += Vector512.Load(c); v1 += Vector512.Load(c + 16); }
        v0.Store(c);
        v1.Store(c + 16);
    }

    /// <summary>AVX2 fallback: a 4×16 quarter of the packed 8×32 tile (8 ymm accumulators, fits 16 registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256x4x16(int kc, float* a, float* b, float* c, int ldc, bool acc)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default,
            c20 = default, c21 = default, c30 = default, c31 = default;
        for (int kk = 0; kk < kc; kk++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00); c01 = Fma.MultiplyAdd(a0, b1, c01);
            a0 = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(a0, b0, c10); c11 = Fma.MultiplyAdd(a0, b1, c11);
            a0 = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(a0, b0, c20); c21 = Fma.MultiplyAdd(a0, b1, c21);
            a0 = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(a0, b0, c30); c31 = Fma.MultiplyAdd(a0, b1, c31);
            a += MR;
            b += NR;
        }
        Store256(c, c00, c01, acc); c += ldc;
        Store256(c, c10, c11, acc); c += ldc;
        Store256(c, c20, c21, acc); c += ldc;
        Store256(c, c30, c31, acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(float* c, Vector256<float> v0, Vector256<float> v1, bool acc)
    {
        if (acc) { v0 += Vector256.Load(c); v1 += Vector256.Load(c + 8); }
        v0.Store(c);
        v1.Store(c + 8);
    }

    private static void KernelScalar(int kc, float* a, float* b, float* c, int ldc, bool acc)
    {
        for (int r = 0; r < MR; r++)
            for (int t = 0; t < NR; t++)
            {
                float s = 0;
                for (int kk = 0; kk < kc; kk++) s += a[kk * MR + r] * b[kk * NR + t];
                c[(long)r * ldc + t] = acc ? c[(long)r * ldc + t] + s : s;
            }
    }
}
