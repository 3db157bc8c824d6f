namespace Grader.Inference.Cpu;

/// <summary>
/// Index-shuffling kernels generic over the element type, so the same code folds int64 shape
/// arithmetic at plan time and moves float activations at run time.
/// </summary>
/// <summary>Pad's modes. The numbers are shared with the GPU kernel (grader_pad): append only.</summary>
internal enum PadMode { Constant, Reflect, Edge, Wrap }

internal static class DataMovement
{
    /// <summary>
    /// dst[dstBase + sum(i_d * dstStrides[d])] = src[srcBase + sum(i_d * srcStrides[d])] for every
    /// index i in <paramref name="shape"/>. Covers Transpose, Slice (strided windows) and Pad.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void StridedCopy<T>(ReadOnlySpan<T> src, long srcBase, int[] srcStrides,
        Span<T> dst, long dstBase, int[] dstStrides, int[] shape)
    {
        int rank = shape.Length;
        foreach (int d in shape) if (d <= 0) return;
        if (rank == 0) { dst[(int)dstBase] = src[(int)srcBase]; return; }
        int last = shape[rank - 1];
        int ss = srcStrides[rank - 1], ds = dstStrides[rank - 1];
        Span<int> idx = stackalloc int[rank];
        long so = srcBase, dof = dstBase;
        while (true)
        {
            if (ss == 1 && ds == 1) src.Slice((int)so, last).CopyTo(dst.Slice((int)dof, last));
            else
                for (int i = 0; i < last; i++) dst[(int)(dof + (long)i * ds)] = src[(int)(so + (long)i * ss)];
            int d = rank - 2;
            for (; d >= 0; d--)
            {
                idx[d]++;
                so += srcStrides[d];
                dof += dstStrides[d];
                if (idx[d] < shape[d]) break;
                so -= (long)srcStrides[d] * shape[d];
                dof -= (long)dstStrides[d] * shape[d];
                idx[d] = 0;
            }
            if (d < 0) return;
        }
    }

    public static void Transpose<T>(ReadOnlySpan<T> src, int[] shape, int[] perm, Span<T> dst)
    {
        var inStrides = Graph.ShapeMath.Strides(shape);
        var outShape = new int[shape.Length];
        var srcStrides = new int[shape.Length];
        for (int i = 0; i < perm.Length; i++) { outShape[i] = shape[perm[i]]; srcStrides[i] = inStrides[perm[i]]; }
        StridedCopy(src, 0, srcStrides, dst, 0, Graph.ShapeMath.Strides(outShape), outShape);
    }

    /// <summary>Slice with per-axis start and (possibly negative) step; outShape gives counts.</summary>
    public static void Slice<T>(ReadOnlySpan<T> src, int[] shape, int[] starts, int[] steps, int[] outShape, Span<T> dst)
    {
        var inStrides = Graph.ShapeMath.Strides(shape);
        long b = 0;
        var ss = new int[shape.Length];
        for (int i = 0; i < shape.Length; i++) { b += (long)starts[i] * inStrides[i]; ss[i] = steps[i] * inStrides[i]; }
        StridedCopy(src, b, ss, dst, 0, Graph.ShapeMath.Strides(outShape), outShape);
    }

    /// <summary>Pad; negative pads crop. Constant mode fills and copies the inside block; the
    /// other modes map every output coordinate to a source coordinate per axis.</summary>
    public static void Pad<T>(ReadOnlySpan<T> src, int[] shape, int[] begin, int[] outShape, T value, Span<T> dst, PadMode mode = PadMode.Constant)
    {
        if (mode != PadMode.Constant)
        {
            PadByMaps(src, shape, begin, outShape, dst, mode);
            return;
        }
        dst.Fill(value);
        int rank = shape.Length;
        var inStrides = Graph.ShapeMath.Strides(shape);
        var outStrides = Graph.ShapeMath.Strides(outShape);
        var region = new int[rank];
        long sb = 0, db = 0;
        for (int d = 0; d < rank; d++)
        {
            int srcStart = Math.Max(0, -begin[d]);
            int dstStart = Math.Max(0, begin[d]);
            region[d] = Math.Min(shape[d] - srcStart, outShape[d] - dstStart);
            if (region[d] <= 0) return;
            sb += (long)srcStart * inStrides[d];
            db += (long)dstStart * outStrides[d];
        }
        StridedCopy(src, sb, inStrides, dst, db, outStrides, region);
    }

    /// <summary>The source coordinate of padded coordinate <paramref name="c"/> (output coordinate
    /// minus leading pad) on an axis of <paramref name="n"/> values; -1 for constant padding.</summary>
    public static int PadSource(int c, int n, PadMode mode)
    {
        if (c >= 0 && c < n) return c;
        switch (mode)
        {
            case PadMode.Edge: return Math.Clamp(c, 0, n - 1);
            case PadMode.Wrap: return (c % n + n) % n;
            case PadMode.Reflect:
                {
                    if (n == 1) return 0;
                    int period = 2 * (n - 1), m = (c % period + period) % period;
                    return m < n ? m : period - m;
                }
            default: return -1;
        }
    }

    private static void PadByMaps<T>(ReadOnlySpan<T> src, int[] shape, int[] begin, int[] outShape, Span<T> dst, PadMode mode)
    {
        int rank = shape.Length;
        if (dst.Length == 0) return;
        var strides = Graph.ShapeMath.Strides(shape);
        var maps = new int[rank][];
        for (int d = 0; d < rank; d++)
            maps[d] = Enumerable.Range(0, outShape[d]).Select(o => PadSource(o - begin[d], shape[d], mode) * strides[d]).ToArray();
        Span<int> idx = stackalloc int[Math.Max(rank, 1)];
        idx.Clear();
        long off = 0;
        for (int d = 0; d < rank; d++) off += maps[d][0];
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = src[(int)off];
            for (int d = rank - 1; d >= 0; d--)
            {
                off -= maps[d][idx[d]];
                if (++idx[d] < outShape[d]) { off += maps[d][idx[d]]; break; }
                idx[d] = 0;
                off += maps[d][0];
            }
        }
    }

    /// <summary>Gather along an axis viewed as [outer, axisLen, inner] with already-normalised indices.</summary>
    public static void Gather<T>(ReadOnlySpan<T> src, int outer, int axisLen, int inner, int[] indices, Span<T> dst)
    {
        int o = 0;
        for (int i = 0; i < outer; i++)
            foreach (int ix in indices)
            {
                src.Slice((i * axisLen + ix) * inner, inner).CopyTo(dst.Slice(o, inner));
                o += inner;
            }
    }

    /// <summary>Broadcasting binary op for constant folding (small tensors, any element type).</summary>
    public static void BroadcastBinary<T>(ReadOnlySpan<T> a, int[] aShape, ReadOnlySpan<T> b, int[] bShape,
        int[] outShape, Span<T> dst, Func<T, T, T> f)
    {
        int rank = outShape.Length;
        var sa = Graph.ShapeMath.BroadcastStrides(aShape, rank);
        var sb = Graph.ShapeMath.BroadcastStrides(bShape, rank);
        for (int i = 0; i < dst.Length; i++)
        {
            int rem = i, oa = 0, ob = 0;
            for (int d = rank - 1; d >= 0; d--)
            {
                int k = rem % outShape[d];
                rem /= outShape[d];
                oa += k * sa[d];
                ob += k * sb[d];
            }
            dst[i] = f(a[oa], b[ob]);
        }
    }
}
