using Grader.Inference.Cpu;
using Grader.Inference.Graph;
using static Grader.Inference.Tests.TestData;

namespace Grader.Inference.Tests;

public class GemmTests
{
    private static readonly float[] A = [1, 2, 3, 4, 5, 6];          // 2x3
    private static readonly float[] B = [1, 0, 0, 1, 1, 1];          // 3x2
    private static readonly float[] BT = [1, 0, 1, 0, 1, 1];         // B transposed, 2x3

    [Fact]
    public void GemmMultipliesMatrices() =>
        Near([4, 5, 10, 11], new OnnxBuilder().Input("X", 2, 3).Floats("B", [3, 2], B).Node("Gemm", ["X", "B"], ["Y"]).Output("Y").Run(A, 2));

    [Fact]
    public void GemmAppliesTransBAlphaAndBetaScaledBias() =>
        Near([8.5f, 11, 20.5f, 23], new OnnxBuilder().Input("X", null, 3).Floats("B", [2, 3], BT).Floats("C", [2], 1, 2)
            .Node("Gemm", ["X", "B", "C"], ["Y"], ("transB", 1L), ("alpha", 2f), ("beta", 0.5f)).Output("Y").Run(A, 2, [3]));

    [Fact]
    public void GemmTransAReadsTheInputTransposed() =>
        Near([4, 5, 10, 11], new OnnxBuilder().Input("X", 2, 3).Node("Transpose", ["X"], ["XT"]).Floats("B", [3, 2], B)
            .Node("Gemm", ["XT", "B"], ["Y"], ("transA", 1L)).Output("Y").Run(A, 2));

    [Fact]
    public void GemmWithFullMatrixCAddsItElementwise() =>
        Near([5, 5, 13, 11], new OnnxBuilder().Input("X", 2, 3).Floats("B", [3, 2], B).Floats("C", [2, 2], 1, 0, 3, 0)
            .Node("Gemm", ["X", "B", "C"], ["Y"]).Output("Y").Run(A, 2));

    [Fact]
    public void MatMulBroadcastsAConstantMatrixOverLeadingDims() =>
        // [2, 1, 3] @ [3, 2]
        Near([4, 5, 10, 11], new OnnxBuilder().Input("X", 2, 1, 3).Floats("B", [3, 2], B).Node("MatMul", ["X", "B"], ["Y"]).Output("Y").Run(A, 2));

    [Fact]
    public void MatMulOfTwoComputedTensorsUsesBatchedProducts() =>
        // X [1, 2, 2] @ transpose(X) -> X·Xᵀ per batch entry.
        Near([5, 11, 11, 25], new OnnxBuilder().Input("X", 1, 2, 2).Node("Transpose", ["X"], ["XT"], ("perm", new long[] { 0, 2, 1 }))
            .Node("MatMul", ["X", "XT"], ["Y"]).Output("Y").Run([1, 2, 3, 4], 1));

    public static IEnumerable<object[]> Sizes() =>
    [
        [1, 1, 1], [7, 5, 3], [8, 32, 16], [9, 33, 17], [13, 70, 300], [31, 65, 257], [64, 100, 513], [3, 200, 40],
    ];

    [Theory]
    [MemberData(nameof(Sizes))]
    public unsafe void PackedGemmMatchesNaiveTripleLoopWithEveryKernel(int m, int n, int k)
    {
        var a = Random(m * k, m);
        var b = Random(k * n, n);
        var bias = Random(m, 7);
        var residual = Random(m * n, 8);
        var expected = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = bias[i] + residual[i * n + j];
                for (int p = 0; p < k; p++) s += (double)a[i * k + p] * b[p * n + j];
                expected[i * n + j] = Math.Max(0f, (float)s);
            }
        bool avx512 = Sgemm.UseAvx512, avx2 = Sgemm.UseAvx2;
        try
        {
            foreach (var (use512, use256) in new[] { (avx512, avx2), (false, avx2), (false, false) })
            {
                Sgemm.UseAvx512 = use512;
                Sgemm.UseAvx2 = use256;
                var c = new float[m * n];
                var pa = new float[Sgemm.PackedSizeA(m, k)];
                var pb = new float[Sgemm.PackedSizeB(k, n)];
                fixed (float* ap = a, bp = b, pap = pa, pbp = pb, cp = c, biasp = bias, rp = residual)
                {
                    Sgemm.PackA(ap, k, 1, m, k, pap);
                    Sgemm.PackB(bp, n, 1, k, n, pbp);
                    Sgemm.Multiply(m, n, k, pap, pbp, cp, n, new Epilogue(biasp, true, rp, n, Activation.Relu));
                }
                Near(expected, c, 1e-4f);
            }
        }
        finally
        {
            Sgemm.UseAvx512 = avx512;
            Sgemm.UseAvx2 = avx2;
        }
    }

    [Fact]
    public void LinearLayerOnLargeBatchMatchesNaiveProduct()
    {
        const int batch = 67, inF = 45, outF = 37;
        var x = Random(batch * inF, 1);
        var w = Random(outF * inF, 2);
        var b = Random(outF, 3);
        var y = new OnnxBuilder().Input("X", null, inF).Floats("W", [outF, inF], w).Floats("B", [outF], b)
            .Node("Gemm", ["X", "W", "B"], ["Y"], ("transB", 1L)).Output("Y").Run(x, batch, [inF]);
        var expected = new float[batch * outF];
        for (int i = 0; i < batch; i++)
            for (int o = 0; o < outF; o++)
            {
                double s = b[o];
                for (int p = 0; p < inF; p++) s += (double)x[i * inF + p] * w[o * inF + p];
                expected[i * outF + o] = (float)s;
            }
        Near(expected, y, 1e-4f);
    }
}
