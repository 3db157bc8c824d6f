using Grader.Inference.Cuda.Ops;
using Grader.Inference.Cuda.Tests.Emulation;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Tests.Ops;

/// <summary>The cuBLAS call GemmKernels makes for Gemm (and MatMul by a constant matrix), run by
/// the column-major reference on host memory, against a row-major triple loop.</summary>
public class GemmCallTests
{
    // m, n, k: non-square throughout, so a swapped dimension or leading dimension cannot pass.
    public static TheoryData<int, int, int, bool, bool, float> Cases()
    {
        var data = new TheoryData<int, int, int, bool, bool, float>();
        foreach (var (m, n, k) in new[] { (3, 5, 7), (1, 5, 7), (4, 1, 3), (6, 2, 1), (1, 1, 4) })
            foreach (var transA in new[] { false, true })
                foreach (var transB in new[] { false, true })
                    data.Add(m, n, k, transA, transB, m == 3 ? 1f : -0.75f);
        data.Add(3, 5, 7, true, false, 2.5f);
        return data;
    }

    /// <summary>alpha·op(A)·op(B), row-major, op(A)[i, l] = A[l, i] when transposed.</summary>
    private static float[] Naive(int m, int n, int k, bool transA, bool transB, float alpha, float[] a, float[] b)
    {
        var y = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int l = 0; l < k; l++)
                    sum += (double)(transA ? a[l * m + i] : a[i * k + l]) * (transB ? b[j * k + l] : b[l * n + j]);
                y[i * n + j] = (float)(alpha * sum);
            }
        return y;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GemmCallComputesTheRowMajorProduct(int m, int n, int k, bool transA, bool transB, float alpha)
    {
        int[] aShape = transA ? [k, m] : [m, k], bShape = transB ? [n, k] : [k, n];
        var aData = Reference.Random(m * k, 1);
        var bData = Reference.Random(k * n, 2);
        var (op, _) = EnginePlans.Single<GemmKernelOp>(EnginePlans.WithConstant("Gemm", aShape, bShape, bData,
            ("transA", transA ? 1L : 0L), ("transB", transB ? 1L : 0L), ("alpha", alpha)), aShape);
        // The engine keeps the flags for the binding (it does not pre-transpose the weights).
        Assert.Equal((m, n, k, transA, transB, alpha), (op.Dims.M, op.Dims.N, op.Dims.K, op.TransA, op.TransB, op.Alpha));

        using var memory = new HostMemory();
        ulong a = memory.Add("A", aData), b = memory.Add("B", op.BConst!), y = memory.Add("Y", m * n);
        var call = GemmCalls.Gemm(op, a, b, y);
        Assert.Equal(1, call.Count);
        ColumnMajorSgemm.Execute(call, memory);
        Reference.Close(Naive(m, n, k, transA, transB, alpha, aData, bData), memory.Tensor(y).Span, $"{m}x{n}x{k} transA={transA} transB={transB} alpha={alpha}");
        memory.AssertWrittenOnce(y);
    }

    [Fact]
    public void MatMulByAConstantMatrixIsOneGemmOverTheLeadingDims()
    {
        // [2, 3, 4] @ [4, 5]: the engine folds the 2·3 rows into one Gemm.
        var aData = Reference.Random(2 * 3 * 4, 3);
        var bData = Reference.Random(4 * 5, 4);
        var (op, _) = EnginePlans.Single<GemmKernelOp>(EnginePlans.WithConstant("MatMul", [2, 3, 4], [4, 5], bData), [2, 3, 4]);
        using var memory = new HostMemory();
        ulong a = memory.Add("A", aData), b = memory.Add("B", op.BConst!), y = memory.Add("Y", 6 * 5);
        ColumnMajorSgemm.Execute(GemmCalls.Gemm(op, a, b, y), memory);
        Reference.Close(Naive(6, 5, 4, false, false, 1f, aData, bData), memory.Tensor(y).Span, "MatMul [2, 3, 4] @ [4, 5]");
        memory.AssertWrittenOnce(y);
    }
}
