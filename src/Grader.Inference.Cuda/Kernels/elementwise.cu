// Pointwise kernels: the fused epilogue of convolutions and GEMMs, unary functions, broadcasting
// binary ops and Where, and the per-channel affine of an unfolded BatchNormalization.

template <typename I>
__device__ __forceinline__ void epilogue_loop(float* y, const float* bias, I biasLen, I biasInner, const float* residual, I total, Act act)
{
    for (I i = (I)blockIdx.x * (I)blockDim.x + (I)threadIdx.x; i < total; i += (I)blockDim.x * (I)gridDim.x)
    {
        float v = y[i];
        if (bias) v += bias[(i / biasInner) % biasLen];
        if (residual) v += residual[i];
        y[i] = apply_act(v, act);
    }
}

// y = act(y + bias[(i / biasInner) % biasLen] + residual[i]); bias and residual optional.
// 32-bit index arithmetic where the tensor allows it: a 64-bit division costs dozens of
// instructions on a GPU, and this runs after every convolution.
extern "C" __global__ void grader_epilogue(float* y, const float* bias, int biasLen, i64 biasInner,
                                           const float* residual, i64 total, Act act)
{
    if (total < 0x7fffffffLL)
        epilogue_loop<unsigned>(y, bias, (unsigned)biasLen, (unsigned)biasInner, residual, (unsigned)total, act);
    else
        epilogue_loop<i64>(y, bias, (i64)biasLen, biasInner, residual, total, act);
}

__device__ __forceinline__ float softplus(float v) { return v > 0.f ? v + log1pf(expf(-v)) : log1pf(expf(v)); }

// kind: UnaryKind (0 activation, 1 sigmoid, 2 tanh, 3 exp, 4 log, 5 sqrt, 6 reciprocal, 7 neg,
// 8 abs, 9 erf, 10 gelu, 11 gelu tanh, 12 elu, 13 selu, 14 hard sigmoid, 15 hard swish,
// 16 softplus, 17 mish, 18 floor, 19 ceil, 20 trunc, 21 is non-zero, 22 not, 23 softsign).
// alpha, beta: Elu's alpha, Selu's alpha and gamma, HardSigmoid's alpha and beta.
__device__ __forceinline__ float unary_op(int kind, float v, Act act, float alpha, float beta)
{
    switch (kind)
    {
        case 1: return 1.f / (1.f + expf(-v));
        case 2: return tanhf(v);
        case 3: return expf(v);
        case 4: return logf(v);
        case 5: return sqrtf(v);
        case 6: return 1.f / v;
        case 7: return -v;
        case 8: return fabsf(v);
        case 9: return erff(v);
        case 10: return 0.5f * v * (1.f + erff(v * 0.70710678118654752f));
        case 11: return 0.5f * v * (1.f + tanhf(0.79788456080286536f * (v + 0.044715f * v * v * v)));
        case 12: return v > 0.f ? v : alpha * (expf(v) - 1.f);
        case 13: return beta * (v > 0.f ? v : alpha * (expf(v) - 1.f));
        case 14: return fmaxf(0.f, fminf(1.f, alpha * v + beta));
        case 15: return v * fmaxf(0.f, fminf(1.f, v / 6.f + 0.5f));
        case 16: return softplus(v);
        case 17: return v * tanhf(softplus(v));
        case 18: return floorf(v);
        case 19: return ceilf(v);
        case 20: return truncf(v);
        case 21: return v != 0.f ? 1.f : 0.f;
        case 22: return v == 0.f ? 1.f : 0.f;
        case 23: return v / (1.f + fabsf(v));
        default: return apply_act(v, act);
    }
}

extern "C" __global__ void grader_unary(const float* x, float* y, i64 total, int kind, Act act, float alpha, float beta)
{
    GRID_STRIDE(i, total) y[i] = unary_op(kind, x[i], act, alpha, beta);
}

// Booleans are held as 1 and 0.
__device__ __forceinline__ float truth(bool b) { return b ? 1.f : 0.f; }

// Max and Min propagate NaN (fmaxf/fminf would drop it).
__device__ __forceinline__ float binary_op(int op, float a, float b)
{
    switch (op)
    {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 3: return a / b;
        case 5: return powf(a, b);
        case 6: return truth(a == b);
        case 7: return truth(a > b);
        case 8: return truth(a < b);
        case 9: return truth(a >= b);
        case 10: return truth(a <= b);
        case 11: return a > b || a != a ? a : b;
        case 12: return a < b || a != a ? a : b;
        case 13: return truth(a != 0.f && b != 0.f);
        case 14: return truth(a != 0.f || b != 0.f);
        case 15: return truth((a != 0.f) != (b != 0.f));
        case 16: return fmodf(a, b);
        case 17: { float r = fmodf(a, b); return r != 0.f && (r < 0.f) != (b < 0.f) ? r + b : r; }
        default: return a >= 0.f ? a : a * b; // 4: PRelu(x, slope)
    }
}

// op: BinaryKind (0 add, 1 sub, 2 mul, 3 div, 4 prelu, 5 pow, 6-10 comparisons, 11 max, 12 min,
// 13-15 logical, 16 fmod, 17 floor mod). d.a / d.b: element strides of a and b
// per output dim, 0 where broadcast.
extern "C" __global__ void grader_binary(const float* a, const float* b, float* y, i64 total, Dims8 d, int op, Act act)
{
    GRID_STRIDE(i, total)
    {
        i64 rest = i, ao = 0, bo = 0;
        for (int k = d.rank - 1; k >= 0; k--)
        {
            i64 c = rest % d.out[k];
            rest /= d.out[k];
            ao += c * d.a[k];
            bo += c * d.b[k];
        }
        y[i] = apply_act(binary_op(op, a[ao], b[bo]), act);
    }
}

// Same shapes, no broadcasting: the common residual Add that was not fused.
extern "C" __global__ void grader_binary_same(const float* a, const float* b, float* y, i64 total, int op, Act act)
{
    GRID_STRIDE(i, total) y[i] = apply_act(binary_op(op, a[i], b[i]), act);
}

extern "C" __global__ void grader_channel_affine(const float* x, float* y, const float* scale, const float* shift,
                                                 int channels, i64 plane, i64 total)
{
    GRID_STRIDE(i, total)
    {
        int c = (int)((i / plane) % channels);
        y[i] = x[i] * scale[c] + shift[c];
    }
}

// y = c ? a : b, broadcast: d.out the output dims, d.a / d.b the strides of c and a, e.a those of b.
extern "C" __global__ void grader_where(const float* c, const float* a, const float* b, float* y, i64 total, Dims8 d, Dims8 e)
{
    GRID_STRIDE(i, total)
    {
        i64 rest = i, co = 0, ao = 0, bo = 0;
        for (int k = d.rank - 1; k >= 0; k--)
        {
            i64 idx = rest % d.out[k];
            rest /= d.out[k];
            co += idx * d.a[k];
            ao += idx * d.b[k];
            bo += idx * e.a[k];
        }
        y[i] = c[co] != 0.f ? a[ao] : b[bo];
    }
}
