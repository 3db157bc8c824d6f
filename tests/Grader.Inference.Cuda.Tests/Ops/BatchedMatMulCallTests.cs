using Grader.Inference.Cuda.Ops;
using Grader.Inference.Cuda.Tests.Emulation;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Tests.Ops;

/// <summary>The cuBLAS calls GemmKernels makes for a batched MatMul, with the batch strides the
/// engine's MatMulNode computes (zero on broadcast dims), against a per-entry triple loop that
/// broadcasts by index instead.</summary>
public class BatchedMatMulCallTests
{
    // A's shape (the model input), B's (a constant of rank 3 or more, so not folded into a Gemm).
    public static TheoryData<int[], int[]> Shapes => new()
    {
        { [2, 1, 3, 4], [1, 3, 4, 5] },  // both broadcast: batch [2, 3]
        { [2, 3, 4], [3, 1, 4, 5] },     // A of lower rank: batch [3, 2]
        { [1, 2, 3], [4, 3, 3, 5] },     // A broadcast over everything
        { [3, 2, 1, 4], [2, 4, 2] },     // m = 1, B broadcast over the outer dim
        { [4], [2, 4, 3] },              // rank-1 A promoted to [1, 4]
        { [2, 3, 5, 4], [2, 3, 4, 1] },  // no broadcast, n = 1
    };

    /// <summary>numpy matmul: batch dims right-aligned, a size-1 (or missing) dim repeated.</summary>
    private static (float[] Y, int Count) Naive(int[] aShape, int[] bShape, float[] a, float[] b)
    {
        int[] sa = aShape.Length == 1 ? [1, aShape[0]] : aShape, sb = bShape.Length == 1 ? [bShape[0], 1] : bShape;
        int m = sa[^2], k = sa[^1], n = sb[^1];
        int rank = Math.Max(sa.Length, sb.Length) - 2;
        int Dim(int[] s, int d) => d - (rank - (s.Length - 2)) is var i && i >= 0 ? s[i] : 1;
        var batch = Enumerable.Range(0, rank).Select(d => Math.Max(Dim(sa, d), Dim(sb, d))).ToArray();
        int count = batch.Aggregate(1, (p, v) => p * v);
        var y = new float[count * m * n];
        var index = new int[rank];
        for (int e = 0; e < count; e++)
        {
            int ea = 0, eb = 0;
            for (int d = 0; d < rank; d++)
            {
                ea = ea * Dim(sa, d) + (Dim(sa, d) == 1 ? 0 : index[d]);
                eb = eb * Dim(sb, d) + (Dim(sb, d) == 1 ? 0 : index[d]);
            }
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (int l = 0; l < k; l++) sum += (double)a[(ea * m + i) * k + l] * b[(eb * k + l) * n + j];
                    y[(e * m + i) * n + j] = (float)sum;
                }
            for (int d = rank - 1; d >= 0 && ++index[d] == batch[d]; d--) index[d] = 0;
        }
        return (y, count);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BatchedCallsComputeEveryBroadcastProduct(int[] aShape, int[] bShape)
    {
        var aData = Reference.Random(aShape.Aggregate(1, (p, v) => p * v), 5);
        var bData = Reference.Random(bShape.Aggregate(1, (p, v) => p * v), 6);
        var (op, step) = EnginePlans.Single<BatchedMatMulKernelOp>(EnginePlans.WithConstant("MatMul", aShape, bShape, bData), aShape);
        var (expected, count) = Naive(aShape, bShape, aData, bData);
        Assert.Equal(expected.Length, step.Outputs[0].Length);

        using var memory = new HostMemory();
        ulong a = memory.Add("A", aData), b = memory.Add("B", step.Inputs[1].Constant!.FloatData), y = memory.Add("Y", expected.Length);
        var calls = GemmCalls.BatchedMatMul(op, a, b, y);
        Assert.Equal(count, calls.Length);
        foreach (var call in calls) ColumnMajorSgemm.Execute(call, memory);
        Reference.Close(expected, memory.Tensor(y).Span, $"[{string.Join(", ", aShape)}] @ [{string.Join(", ", bShape)}]");
        memory.AssertWrittenOnce(y);
    }
}
