using Grader.Core.Reference;
using Grader.Core.Reference.Layers;
using Grader.Core.Tests.Reference.Support;
using static Grader.Core.Tests.Reference.Support.AssertArray;

namespace Grader.Core.Tests.Reference;

/// <summary>Seed 002 (AI6126 Homework 1): LeNet parameter table, Toeplitz matrix, BCE cost.</summary>
public class Seed002LeNetAndLossTests
{
    private static readonly LayerSpec[] LeNet =
    [
        new Conv2d(6, 5), new ReLU(), new MaxPool2d(2),
        new Conv2d(16, 5), new ReLU(), new MaxPool2d(2),
        new Conv2d(120, 5), new ReLU(),
        new Linear(84), new ReLU(), new Linear(10), new LogSoftmax(),
    ];

    [Fact]
    public void LeNet_table_matches_the_sheet()
    {
        var summary = NetworkSummary.Summarize([1, 32, 32], LeNet);

        // Conv2d-1: (5·5·1 + 1)·6 = 156; Conv2d-4: (5·5·6 + 1)·16 = 2416; Conv2d-7: (5·5·16 + 1)·120 = 48120;
        // Linear-9: 120·84 + 84 = 10164; Linear-11: 84·10 + 10 = 850.
        Assert.Equal([156L, 0, 0, 2416, 0, 0, 48120, 0, 10164, 0, 850, 0], summary.Layers.Select(l => l.Parameters));
        // 156 + 2416 + 48120 + 10164 + 850 = 61706
        Assert.Equal(61706, summary.TotalParameters);

        Assert.Equal(
            ["Conv2d-1", "ReLU-2", "MaxPool2d-3", "Conv2d-4", "ReLU-5", "MaxPool2d-6",
             "Conv2d-7", "ReLU-8", "Linear-9", "ReLU-10", "Linear-11", "LogSoftmax-12"],
            summary.Layers.Select(l => l.Name));
        int[][] shapes =
        [
            [6, 28, 28], [6, 28, 28], [6, 14, 14], [16, 10, 10], [16, 10, 10], [16, 5, 5],
            [120, 1, 1], [120, 1, 1], [84], [84], [10], [10],
        ];
        Assert.Equal(shapes, summary.Layers.Select(l => l.OutputShape));
    }

    [Fact]
    public void Q2_toeplitz_matrix_of_the_3x3_kernel_on_a_4x4_input()
    {
        // The sheet's W (its first row misses one trailing 0: it has 15 entries).
        var kernel = M(new double[,] { { -1, 0, 1 }, { -2, 0, 2 }, { -1, 0, 1 } });
        var expected = M(new double[,]
        {
            { -1, 0, 1, 0, -2, 0, 2, 0, -1, 0, 1, 0, 0, 0, 0, 0 },
            { 0, -1, 0, 1, 0, -2, 0, 2, 0, -1, 0, 1, 0, 0, 0, 0 },
            { 0, 0, 0, 0, -1, 0, 1, 0, -2, 0, 2, 0, -1, 0, 1, 0 },
            { 0, 0, 0, 0, 0, -1, 0, 1, 0, -2, 0, 2, 0, -1, 0, 1 },
        });
        Assert.Equal(expected, Toeplitz.Matrix(kernel, 4, 4));
    }

    [Fact]
    public void Toeplitz_times_flattened_input_is_the_convolution()
    {
        var kernel = M(new double[,] { { -1, 0, 1 }, { -2, 0, 2 }, { -1, 0, 1 } });
        // x = 1..16 row-major; each output: −(a + 2b + c) + (a+2 + 2(b+2) + c+2) = 8 for every window
        var x = new Grader.Core.Numerics.NdArray([4, 4], Enumerable.Range(1, 16).Select(v => (double)v).ToArray());
        var t = Toeplitz.Matrix(kernel, 4, 4);
        var product = Dense.Forward(t, x.Reshape(16));
        AssertArray.Close(V(8, 8, 8, 8), product);
        AssertArray.Close(Convolution.CrossCorrelate2D(x, kernel).Reshape(4), product);
    }

    [Fact]
    public void Q3_bce_cost_of_three_examples()
    {
        // Y = (1, 0, 0), Ŷ = (0.2, 0.5, 0.1): J = −(ln 0.2 + ln(1 − 0.5) + ln(1 − 0.1))/3
        //   = −(−1.6094379124341 − 0.6931471805599 − 0.1053605156578)/3 = 2.4079456086519/3 = 0.8026485362173
        double j = Losses.BinaryCrossEntropy(V(1, 0, 0), V(0.2, 0.5, 0.1));
        AssertArray.Close(0.8026485362173, j, 1e-12);
        AssertArray.Close(-(Math.Log(0.2) + Math.Log(0.5) + Math.Log(0.9)) / 3, j, 1e-15);
    }

    [Fact]
    public void Q3_bce_gradient_hand_worked()
    {
        // ∂J/∂ŷ_i = (ŷ − y)/(ŷ(1 − ŷ))/3: (−0.8/0.16, 0.5/0.25, 0.1/0.09)/3 = (−5, 2, 10/9)/3
        AssertArray.Close(V(-5.0 / 3, 2.0 / 3, 10.0 / 27), Losses.BinaryCrossEntropyGrad(V(1, 0, 0), V(0.2, 0.5, 0.1)), 1e-12);
    }

    [Fact]
    public void Q4_l1_and_mse_hand_worked()
    {
        // residuals ŷ − y = (1, −2, 0, 5): L1 = 8/4 = 2, MSE = (1 + 4 + 0 + 25)/4 = 7.5
        var y = V(0, 2, 3, -1);
        var yhat = V(1, 0, 3, 4);
        Assert.Equal(2, Losses.MeanAbsoluteError(y, yhat));
        Assert.Equal(7.5, Losses.MeanSquaredError(y, yhat));
        Assert.Equal(V(0.25, -0.25, 0, 0.25), Losses.MeanAbsoluteErrorGrad(y, yhat));
        Assert.Equal(V(0.5, -1, 0, 2.5), Losses.MeanSquaredErrorGrad(y, yhat));
    }
}
