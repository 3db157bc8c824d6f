using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace Grader.Inference.Cpu;

/// <summary>Softmax / LogSoftmax over the middle axis of an [outer, len, inner] view, max-subtracted
/// for stability (logits of untrained student models can be large).</summary>
internal sealed unsafe class SoftmaxKernel(int outer, int len, int inner, bool log, float* x, float* y, Scratch scratch) : ICpuKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute()
    {
        float* tmp = scratch.For(0);
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                float* src = x + (long)o * len * inner + i;
                float* dst = y + (long)o * len * inner + i;
                float mx = float.NegativeInfinity;
                for (int j = 0; j < len; j++) mx = MathF.Max(mx, src[(long)j * inner]);
                for (int j = 0; j < len; j++) tmp[j] = src[(long)j * inner] - mx;
                var t = new Span<float>(tmp, len);
                if (log)
                {
                    float sum = 0;
                    for (int j = 0; j < len; j++) sum += MathF.Exp(tmp[j]);
                    float lse = MathF.Log(sum);
                    for (int j = 0; j < len; j++) dst[(long)j * inner] = tmp[j] - lse;
                }
                else
                {
                    TensorPrimitives.Exp(t, t);
                    float sum = TensorPrimitives.Sum(t);
                    for (int j = 0; j < len; j++) dst[(long)j * inner] = tmp[j] / sum;
                }
            }
    }
}
