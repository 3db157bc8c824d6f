// Reductions along one axis of [outer][len][inner]: Softmax / LogSoftmax and ReduceMean. One
// thread per (outer, inner) row: these ops sit at the end of classifiers (short rows).

extern "C" __global__ void grader_softmax(const float* x, float* y, i64 outer, i64 len, i64 inner, int logSoftmax)
{
    GRID_STRIDE(r, outer * inner)
    {
        i64 o = r / inner, in = r % inner;
        const float* src = x + o * len * inner + in;
        float* dst = y + o * len * inner + in;
        float mx = negative_infinity();
        for (i64 j = 0; j < len; j++) mx = fmaxf(mx, src[j * inner]);
        float sum = 0.f;
        for (i64 j = 0; j < len; j++) sum += expf(src[j * inner] - mx);
        if (logSoftmax)
        {
            float lse = logf(sum);
            for (i64 j = 0; j < len; j++) dst[j * inner] = src[j * inner] - mx - lse;
        }
        else
        {
            for (i64 j = 0; j < len; j++) dst[j * inner] = expf(src[j * inner] - mx) / sum;
        }
    }
}

extern "C" __global__ void grader_mean(const float* x, float* y, i64 outer, i64 len, i64 inner)
{
    GRID_STRIDE(r, outer * inner)
    {
        i64 o = r / inner, in = r % inner;
        const float* src = x + o * len * inner + in;
        float sum = 0.f;
        for (i64 j = 0; j < len; j++) sum += src[j * inner];
        y[r] = sum / (float)len;
    }
}
