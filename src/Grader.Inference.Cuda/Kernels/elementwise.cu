// Pointwise kernels: the fused epilogue of convolutions and GEMMs, activations, broadcasting
// binary ops and the per-channel affine of an unfolded BatchNormalization.

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

// kind: 0 activation, 1 sigmoid, 2 tanh (UnaryKind).
extern "C" __global__ void grader_unary(const float* x, float* y, i64 total, int kind, Act act)
{
    GRID_STRIDE(i, total)
    {
        float v = x[i];
        if (kind == 1) v = 1.f / (1.f + expf(-v));
        else if (kind == 2) v = tanhf(v);
        else v = apply_act(v, act);
        y[i] = v;
    }
}

__device__ __forceinline__ float binary_op(int op, float a, float b)
{
    switch (op)
    {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 3: return a / b;
        default: return a >= 0.f ? a : a * b; // PRelu(x, slope)
    }
}

// op: BinaryKind (0 add, 1 sub, 2 mul, 3 div, 4 prelu). d.a / d.b: element strides of a and b
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
