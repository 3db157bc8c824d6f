// Copies that reshape data: Transpose and Slice (strided reads), Concat and Split (row blocks),
// Gather along an axis, constant Pad (negative pads crop).

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

// d.out: output dims; d.a: input dims; d.b: leading pad per dim (negative crops).
extern "C" __global__ void grader_pad(const float* x, float* y, i64 total, Dims8 d, float value)
{
    GRID_STRIDE(i, total)
    {
        i64 rest = i, off = 0, stride = 1;
        bool inside = true;
        for (int k = d.rank - 1; k >= 0; k--)
        {
            i64 c = rest % d.out[k] - d.b[k];
            rest /= d.out[k];
            if (c < 0 || c >= d.a[k]) inside = false;
            off += c * stride;
            stride *= d.a[k];
        }
        y[i] = inside ? x[off] : value;
    }
}
