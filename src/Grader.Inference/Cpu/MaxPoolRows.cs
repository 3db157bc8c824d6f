using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Grader.Inference.Operators;

namespace Grader.Inference.Cpu;

/// <summary>
/// One output row of a max pool over one NCHW plane, separably: the max down the window's input
/// rows (whole vectors along the row) into a row of column maxima, then across the window's
/// columns (stride 2 takes the even lanes of two loads). Taps in the padding never win: rows
/// outside the plane are skipped, columns outside it are -inf guards around the column maxima.
/// </summary>
internal sealed unsafe class MaxPoolRows
{
    private readonly WindowGeometry g;

    /// <summary>Floats of the column-maxima scratch: PadLeft guards, the row, and room for the last vector loads.</summary>
    public int ColumnsFloats { get; }

    /// <summary>Output row length rounded up to whole vectors (rows are written whole).</summary>
    public int PaddedOutWidth { get; }

    /// <summary>Pools without dilation on AVX-512.</summary>
    public static bool Suits(WindowGeometry g) => g.DH == 1 && g.DW == 1 && Avx512F.IsSupported;

    public MaxPoolRows(WindowGeometry g)
    {
        this.g = g;
        PaddedOutWidth = (g.OW + 15) & ~15;
        ColumnsFloats = ((g.PadLeft + Math.Max(g.W, PaddedOutWidth * g.SW + g.KW + 32)) | 15) + 1;
    }

    /// <summary>Sets the column scratch's guards; once per scratch, the rows only overwrite [PadLeft, PadLeft + W).</summary>
    public void Prepare(float* columns)
    {
        var minusInf = Vector512.Create(float.NegativeInfinity);
        for (int i = 0; i < ColumnsFloats; i += 16) minusInf.Store(columns + i);
    }

    /// <summary>Output row <paramref name="oh"/> of a plane whose input row r is at rows + (r − firstRow)·W,
    /// for every r the row's window reads, into <paramref name="o"/> (PaddedOutWidth floats written).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Row(float* rows, int firstRow, int oh, float* columns, float* o)
    {
        int width = g.W, hs = oh * g.SH - g.PadTop, ih0 = Math.Max(0, hs), ih1 = Math.Min(g.H, hs + g.KH);
        float* v = columns + g.PadLeft;
        int iw = 0;
        for (; iw + 16 <= width; iw += 16)
        {
            var m = Vector512.Create(float.NegativeInfinity);
            for (int ih = ih0; ih < ih1; ih++) m = Vector512.MaxNative(m, Vector512.Load(rows + (long)(ih - firstRow) * width + iw));
            m.Store(v + iw);
        }
        for (; iw < width; iw++)
        {
            float m = float.NegativeInfinity;
            for (int ih = ih0; ih < ih1; ih++) m = MathF.Max(m, rows[(long)(ih - firstRow) * width + iw]);
            v[iw] = m;
        }
        Across(columns, o);
    }

    /// <summary>o[ow] = max over kj of columns[ow·SW + kj] (the columns start PadLeft before the row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Across(float* columns, float* o)
    {
        int sw = g.SW, kw = g.KW, outWidth = g.OW;
        var even = Vector512<int>.Indices * 2;
        for (int ow = 0; ow < outWidth; ow += 16)
        {
            var m = Vector512.Create(float.NegativeInfinity);
            float* p = columns + (long)ow * sw;
            if (sw == 1)
                for (int kj = 0; kj < kw; kj++) m = Vector512.MaxNative(m, Vector512.Load(p + kj));
            else if (sw == 2)
                for (int kj = 0; kj < kw; kj++)
                    m = Vector512.MaxNative(m, Avx512F.PermuteVar16x32x2(Vector512.Load(p + kj), even, Vector512.Load(p + kj + 16)));
            else
                for (int l = 0; l < 16; l++)
                    for (int kj = 0; kj < kw; kj++) m = m.WithElement(l, MathF.Max(m.GetElement(l), p[l * sw + kj]));
            m.Store(o + ow);
        }
    }
}
