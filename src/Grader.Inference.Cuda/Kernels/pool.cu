// Pooling: windows as the engine's PoolKernel computes them (max over taps inside the input,
// -inf when none; average over the taps inside the input, or inside the padded input with
// count_include_pad), and the per-plane mean of GlobalAveragePool.

template <typename I>
__device__ __forceinline__ void pool_loop(const float* x, float* y, Geo g, int isMax, int countIncludePad, I total)
{
    for (I i = (I)blockIdx.x * (I)blockDim.x + (I)threadIdx.x; i < total; i += (I)blockDim.x * (I)gridDim.x)
    {
        int ow = (int)(i % (I)g.OW);
        I t = i / (I)g.OW;
        int oh = (int)(t % (I)g.OH);
        i64 nc = (i64)(t / (I)g.OH);
        const float* src = x + nc * g.H * g.W;
        int hs = oh * g.SH - g.PT, ws = ow * g.SW - g.PL;
        float acc = isMax ? negative_infinity() : 0.f;
        int valid = 0, padded = 0;
        for (int kh = 0; kh < g.KH; kh++)
        {
            int ih = hs + kh * g.DH;
            bool rowInPad = ih >= -g.PT && ih < g.H + g.PB;
            bool rowIn = ih >= 0 && ih < g.H;
            for (int kw = 0; kw < g.KW; kw++)
            {
                int iw = ws + kw * g.DW;
                if (rowInPad && iw >= -g.PL && iw < g.W + g.PR) padded++;
                if (!rowIn || iw < 0 || iw >= g.W) continue;
                float v = src[(i64)ih * g.W + iw];
                valid++;
                if (isMax) acc = v > acc ? v : acc;
                else acc += v;
            }
        }
        if (!isMax)
        {
            int div = countIncludePad ? padded : valid;
            acc = div > 0 ? acc / div : 0.f;
        }
        y[i] = acc;
    }
}

// 32-bit output indices where they fit (see grader_epilogue).
extern "C" __global__ void grader_pool(const float* x, float* y, Geo g, int isMax, int countIncludePad)
{
    i64 total = (i64)g.N * g.C * g.OH * g.OW;
    if (total < 0x7fffffffLL) pool_loop<unsigned>(x, y, g, isMax, countIncludePad, (unsigned)total);
    else pool_loop<i64>(x, y, g, isMax, countIncludePad, total);
}

// One warp per plane (grid-stride over planes): a strided sum, then a shuffle reduction.
extern "C" __global__ void grader_global_average(const float* x, float* y, i64 planes, i64 planeSize)
{
    i64 warps = (i64)gridDim.x * blockDim.x / 32;
    int lane = threadIdx.x % 32;
    for (i64 plane = ((i64)blockIdx.x * blockDim.x + threadIdx.x) / 32; plane < planes; plane += warps)
    {
        const float* src = x + plane * planeSize;
        float sum = 0.f;
        for (i64 j = lane; j < planeSize; j += 32) sum += src[j];
        for (int offset = 16; offset > 0; offset /= 2) sum += __shfl_down_sync(0xffffffffu, sum, offset);
        if (lane == 0) y[plane] = sum / (float)planeSize;
    }
}
