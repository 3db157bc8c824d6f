// Reductions along one axis of [outer][len][inner]: Softmax / LogSoftmax, the Reduce ops, ArgMax
// and ArgMin, and the rows of Layer/Instance/Group normalization. One thread per row: these ops
// sit at the end of classifiers or on short rows.

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

// kind: ReduceKind (0 mean, 1 sum, 2 max, 3 min, 4 prod, 5 L1, 6 L2, 7 sum of squares, 8 log
// sum, 9 log-sum-exp). An empty row gives the reduction's identity (mean: NaN).
extern "C" __global__ void grader_reduce(const float* x, float* y, i64 outer, i64 len, i64 inner, int kind)
{
    GRID_STRIDE(r, outer * inner)
    {
        i64 o = r / inner, in = r % inner;
        const float* src = x + o * len * inner + in;
        float acc = kind == 2 || kind == 9 ? negative_infinity() : kind == 3 ? -negative_infinity() : kind == 4 ? 1.f : 0.f;
        float shift = 0.f;
        if (kind == 9)
        {
            for (i64 j = 0; j < len; j++) acc = fmaxf(acc, src[j * inner]);
            shift = acc;
            acc = 0.f;
        }
        for (i64 j = 0; j < len; j++)
        {
            float v = src[j * inner];
            switch (kind)
            {
                case 2: acc = v > acc || v != v ? v : acc; break;
                case 3: acc = v < acc || v != v ? v : acc; break;
                case 4: acc *= v; break;
                case 5: acc += fabsf(v); break;
                case 6: case 7: acc += v * v; break;
                case 9: acc += expf(v - shift); break;
                default: acc += v; break;
            }
        }
        switch (kind)
        {
            case 0: acc = acc / (float)len; break;
            case 6: acc = sqrtf(acc); break;
            case 8: acc = logf(acc); break;
            case 9: acc = len == 0 || shift == negative_infinity() || shift == -negative_infinity() ? shift : shift + logf(acc); break;
        }
        y[r] = acc;
    }
}

// Index of the largest (isMax) or smallest value along the axis, the first or the last of equal ones.
extern "C" __global__ void grader_arg(const float* x, float* y, i64 outer, i64 len, i64 inner, int isMax, int last)
{
    GRID_STRIDE(r, outer * inner)
    {
        i64 o = r / inner, in = r % inner;
        const float* src = x + o * len * inner + in;
        i64 best = 0;
        float bv = src[0];
        for (i64 j = 1; j < len; j++)
        {
            float v = src[j * inner];
            bool better = isMax ? (last ? v >= bv : v > bv) : (last ? v <= bv : v < bv);
            if (better) { best = j; bv = v; }
        }
        y[r] = (float)best;
    }
}

// Layer/Instance/Group normalization: each row of len values to zero mean and unit variance (two
// passes), then scale and bias indexed by (flat index / scaleInner) % scaleLen. mean / invStd: the
// rows' statistics, where wanted (else null).
extern "C" __global__ void grader_normalize(const float* x, float* y, const float* scale, const float* bias, i64 rows, i64 len,
                                            i64 scaleInner, i64 scaleLen, float epsilon, float* mean, float* invStd)
{
    GRID_STRIDE(r, rows)
    {
        const float* src = x + r * len;
        float* dst = y + r * len;
        float sum = 0.f;
        for (i64 j = 0; j < len; j++) sum += src[j];
        float m = len > 0 ? sum / (float)len : 0.f;
        float sq = 0.f;
        for (i64 j = 0; j < len; j++) sq += (src[j] - m) * (src[j] - m);
        float inv = 1.f / sqrtf((len > 0 ? sq / (float)len : 0.f) + epsilon);
        if (mean) mean[r] = m;
        if (invStd) invStd[r] = inv;
        for (i64 j = 0; j < len; j++)
        {
            i64 k = (r * len + j) / scaleInner % scaleLen;
            dst[j] = (src[j] - m) * inv * scale[k] + bias[k];
        }
    }
}
