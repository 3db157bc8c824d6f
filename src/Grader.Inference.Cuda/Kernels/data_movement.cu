// Copies that reshape data: Transpose and Slice (strided reads), Concat and Split (row blocks),
// Gather along an axis, Pad (negative pads crop), and the separable passes of Resize.

// y[i] = x[base + Σ coord_k · d.a[k]] over the output dims d.out.
extern "C" __global__ void grader_strided_copy(const float* x, float* y, i64 total, i64 base, Dims8 d)
{
    GRID_STRIDE(i, total)
    {
        i64 rest = i, off = base;
        for (int k = d.rank - 1; k >= 0; k--)
        {
            off += (rest % d.out[k]) * d.a[k];
            rest /= d.out[k];
        }
        y[i] = x[off];
    }
}

// rows × cols block: dst[r·dstPitch + c] = src[r·srcPitch + c].
extern "C" __global__ void grader_copy_rows(const float* src, float* dst, i64 rows, i64 cols, i64 srcPitch, i64 dstPitch)
{
    GRID_STRIDE(i, rows * cols)
    {
        i64 r = i / cols, c = i % cols;
        dst[r * dstPitch + c] = src[r * srcPitch + c];
    }
}

// [outer][count][inner] from [outer][dim][inner] with the rows named by indices.
extern "C" __global__ void grader_gather(const float* x, float* y, const int* indices, i64 outer, i64 dim, i64 inner, i64 count)
{
    GRID_STRIDE(i, outer * count * inner)
    {
        i64 in = i % inner, j = (i / inner) % count, o = i / (inner * count);
        y[i] = x[(o * dim + indices[j]) * inner + in];
    }
}

// Source coordinate of padded coordinate c on an axis of n values (PadMode: 1 reflect, 2 edge,
// 3 wrap); -1 outside for constant padding (0).
__device__ __forceinline__ i64 pad_source(i64 c, i64 n, int mode)
{
    if (c >= 0 && c < n) return c;
    if (mode == 2) return c < 0 ? 0 : n - 1;
    if (mode == 3) return (c % n + n) % n;
    if (mode == 1)
    {
        if (n == 1) return 0;
        i64 period = 2 * (n - 1), m = (c % period + period) % period;
        return m < n ? m : period - m;
    }
    return -1;
}

// d.out: output dims; d.a: input dims; d.b: leading pad per dim (negative crops); mode: PadMode.
extern "C" __global__ void grader_pad(const float* x, float* y, i64 total, Dims8 d, float value, int mode)
{
    GRID_STRIDE(i, total)
    {
        i64 rest = i, off = 0, stride = 1;
        bool inside = true;
        for (int k = d.rank - 1; k >= 0; k--)
        {
            i64 c = pad_source(rest % d.out[k] - d.b[k], d.a[k], mode);
            rest /= d.out[k];
            if (c < 0) inside = false;
            off += c * stride;
            stride *= d.a[k];
        }
        y[i] = inside ? x[off] : value;
    }
}

// One axis of a resize over [outer][inLen][inner] -> [outer][outLen][inner]: output row j is
// offset[j] + sum over k < taps of weight[j*taps+k] * input row index[j*taps+k].
extern "C" __global__ void grader_resample(const float* x, float* y, const int* index, const float* weight, const float* offset,
                                           i64 outer, i64 inLen, i64 outLen, i64 inner, int taps)
{
    GRID_STRIDE(i, outer * outLen * inner)
    {
        i64 in = i % inner, j = (i / inner) % outLen, o = i / (inner * outLen);
        const float* src = x + o * inLen * inner + in;
        float v = offset[j];
        for (int k = 0; k < taps; k++)
        {
            float w = weight[j * taps + k];
            if (w != 0.f) v += w * src[(i64)index[j * taps + k] * inner];
        }
        y[i] = v;
    }
}
