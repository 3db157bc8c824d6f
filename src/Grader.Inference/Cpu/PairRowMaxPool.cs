using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Grader.Inference.Operators;

namespace Grader.Inference.Cpu;

/// <summary>
/// MaxPool 2x2, stride 2, no padding, on planes that split exactly into 2x2 windows and output
/// rows of at most 16 (the Fashion CNN's 28x28 -> 14x14 and 14x14 -> 7x7, LeNet's pools). Done
/// per row, a row of 7 outputs leaves 9 of 16 lanes idle and every row ends in a masked store;
/// here the tensor is one flat run of output rows, each fed by the two input rows right before
/// it in memory, so a step takes two output rows when they fit in a vector (7 -> 14 lanes) and
/// stores them with a plain store that the next step partly overwrites.
/// </summary>
internal static unsafe class PairRowMaxPool
{
    public static bool Suits(WindowGeometry g) =>
        Avx512F.IsSupported && g is { KH: 2, KW: 2, SH: 2, SW: 2, DH: 1, DW: 1, PadTop: 0, PadLeft: 0, PadBottom: 0, PadRight: 0 }
        && g.W == 2 * g.OW && g.H == 2 * g.OH && g.OW <= 16;

    /// <summary>Output rows [r0, r1) of the flat [N·C·OH, OW] output; <paramref name="end"/> is
    /// the end of the input tensor, which no load may pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows(float* x, float* y, int ow, int r0, int r1, float* end)
    {
        int w = 2 * ow;
        // Two output rows per step when both fit in one vector: the second row's input pair
        // comes from a second load; else one row whose 2·OW inputs take two loads.
        int rowsPerStep = ow <= 8 ? 2 : 1;
        long second = rowsPerStep == 2 ? 2 * w : 16;
        // Lane l takes input column pair l of the first source, lane ow + l that of the second.
        var even = rowsPerStep == 2
            ? Vector512.ConditionalSelect(Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(ow)),
                Vector512<int>.Indices * 2, (Vector512<int>.Indices - Vector512.Create(ow)) * 2 + Vector512.Create(16))
            : Vector512<int>.Indices * 2;
        var odd = even + Vector512<int>.One;
        float* yEnd = y + (long)r1 * ow;
        int r = r0;
        for (; r + rowsPerStep <= r1; r += rowsPerStep)
        {
            float* p = x + (long)r * 2 * w;
            if (p + second + w + 16 > end) break;
            var a = Vector512.MaxNative(Vector512.Load(p), Vector512.Load(p + w));
            var b = Vector512.MaxNative(Vector512.Load(p + second), Vector512.Load(p + second + w));
            var m = Vector512.MaxNative(Avx512F.PermuteVar16x32x2(a, even, b), Avx512F.PermuteVar16x32x2(a, odd, b));
            float* o = y + (long)r * ow;
            // Lanes past this step's outputs land on the next step's, which overwrites them; the
            // range's last step must not reach the next range (another worker's).
            if (o + 16 <= yEnd) m.Store(o);
            else Avx512F.MaskStore(o, Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(rowsPerStep * ow)).AsSingle(), m);
        }
        // The tensor's last rows, where a vector load would run past its end.
        for (; r < r1; r++)
        {
            float* p = x + (long)r * 2 * w, o = y + (long)r * ow;
            for (int j = 0; j < ow; j++)
                o[j] = MathF.Max(MathF.Max(p[2 * j], p[2 * j + 1]), MathF.Max(p[w + 2 * j], p[w + 2 * j + 1]));
        }
    }
}
