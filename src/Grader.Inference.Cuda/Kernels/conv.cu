// Convolutions that do not go through cuDNN: im2col for cuBLAS, and a direct kernel for
// depthwise and grouped convolutions with the epilogue fused.

// col[n][(c·KH + kh)·KW + kw][oh·OW + ow] for `images` images starting at x; zero outside the input.
extern "C" __global__ void grader_im2col(const float* x, float* col, Geo g, int images)
{
    i64 plane = (i64)g.OH * g.OW;
    i64 rows = (i64)g.C * g.KH * g.KW;
    i64 total = images * rows * plane;
    GRID_STRIDE(i, total)
    {
        i64 p = i % plane;
        i64 r = (i / plane) % rows;
        i64 n = i / (plane * rows);
        int ow = (int)(p % g.OW), oh = (int)(p / g.OW);
        int kw = (int)(r % g.KW), kh = (int)((r / g.KW) % g.KH), c = (int)(r / ((i64)g.KW * g.KH));
        int ih = oh * g.SH - g.PT + kh * g.DH, iw = ow * g.SW - g.PL + kw * g.DW;
        float v = 0.f;
        if (ih >= 0 && ih < g.H && iw >= 0 && iw < g.W) v = x[((n * g.C + c) * g.H + ih) * g.W + iw];
        col[i] = v;
    }
}

// One thread per output: sum over the group's input channels and the window, then bias,
// residual and activation. Weights are [M][C/G][KH][KW].
extern "C" __global__ void grader_conv_direct(const float* x, const float* w, const float* bias, const float* residual,
                                              float* y, Geo g, Act act)
{
    i64 total = (i64)g.N * g.M * g.OH * g.OW;
    int cpg = g.C / g.G, mpg = g.M / g.G;
    GRID_STRIDE(i, total)
    {
        int ow = (int)(i % g.OW);
        i64 t = i / g.OW;
        int oh = (int)(t % g.OH);
        t /= g.OH;
        int m = (int)(t % g.M);
        i64 n = t / g.M;
        int c0 = (m / mpg) * cpg;
        float acc = 0.f;
        for (int ci = 0; ci < cpg; ci++)
        {
            const float* xp = x + ((n * g.C + c0 + ci) * g.H) * g.W;
            const float* wp = w + (((i64)m * cpg + ci) * g.KH) * g.KW;
            for (int kh = 0; kh < g.KH; kh++)
            {
                int ih = oh * g.SH - g.PT + kh * g.DH;
                if (ih < 0 || ih >= g.H) continue;
                for (int kw = 0; kw < g.KW; kw++)
                {
                    int iw = ow * g.SW - g.PL + kw * g.DW;
                    if (iw >= 0 && iw < g.W) acc += xp[(i64)ih * g.W + iw] * wp[kh * g.KW + kw];
                }
            }
        }
        if (bias) acc += bias[m];
        if (residual) acc += residual[i];
        y[i] = apply_act(acc, act);
    }
}
