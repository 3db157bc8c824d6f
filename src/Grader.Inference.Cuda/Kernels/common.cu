// Shared by every kernel file (the backend compiles them as one program). NVRTC has no standard
// headers, so the few definitions needed are written out here.
typedef long long i64;

#define GRID_STRIDE(i, total) \
    for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < (total); i += (i64)blockDim.x * gridDim.x)

// Activation kinds, as ActivationKind in the engine: 0 none, 1 relu, 2 clip, 3 leaky relu.
struct Act { int kind; float a; float b; };

__device__ __forceinline__ float apply_act(float v, Act act)
{
    switch (act.kind)
    {
        case 1: return v > 0.f ? v : 0.f;
        case 2: return fminf(fmaxf(v, act.a), act.b);
        case 3: return v >= 0.f ? v : v * act.a;
        default: return v;
    }
}

__device__ __forceinline__ float negative_infinity() { return __int_as_float(0xff800000); }

// Window geometry of a convolution or pooling, as WindowGeometry in the engine (M: output channels).
struct Geo
{
    int N, C, H, W, M, G;
    int KH, KW, SH, SW, DH, DW;
    int PT, PL, PB, PR;
    int OH, OW;
};

// Up to 8 dims for broadcasting, strided copies and padding.
struct Dims8 { int rank; i64 out[8]; i64 a[8]; i64 b[8]; };
