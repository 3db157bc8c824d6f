using Grader.Core.Numerics;
using Grader.Core.Reference;
using Grader.Core.Tests.Reference.Support;
using static Grader.Core.Tests.Reference.Support.AssertArray;

namespace Grader.Core.Tests.Reference;

/// <summary>
/// Seed 000 (RPTU Exercise 2): the 5×5 image X with Sobel and Laplacian filters, 'same' padding,
/// stride 1 (cross-correlation, eq. (1) of the sheet); softmax Jacobian; ridge closed form.
/// </summary>
public class Seed000ConvolutionAndLossTests
{
    private static readonly NdArray X = M(new double[,]
    {
        { 8, 2, 9, 8, 3 },
        { 3, 4, 6, 2, 7 },
        { 5, 9, 3, 9, 7 },
        { 6, 1, 3, 6, 8 },
        { 5, 1, 6, 8, 1 },
    });

    private static readonly NdArray SobelX = M(new double[,] { { 1, 0, -1 }, { 2, 0, -2 }, { 1, 0, -1 } });
    private static readonly NdArray SobelY = M(new double[,] { { 1, 2, 1 }, { 0, 0, 0 }, { -1, -2, -1 } });
    private static readonly NdArray Laplacian = M(new double[,] { { 0, 1, 0 }, { 1, -4, 1 }, { 0, 1, 0 } });

    private static NdArray Same(NdArray kernel) =>
        Convolution.CrossCorrelate2D(X, kernel, new Conv2dOptions { Padding = Padding.Same });

    [Fact]
    public void Sobel_x_hand_worked_corners_and_center()
    {
        var y = Same(SobelX);
        // Y[0,0]: window [[0,0,0],[0,8,2],[0,3,4]] → 2·0 − 2·2 + 0 − 1·4 = −8
        Assert.Equal(-8, y[0, 0]);
        // Y[0,4]: window [[0,0,0],[8,3,0],[2,7,0]] → 2·8 − 2·0 + 1·2 − 1·0 = 18
        Assert.Equal(18, y[0, 4]);
        // Y[2,2]: window [[4,6,2],[9,3,9],[1,3,6]] → (4 − 2) + 2(9 − 9) + (1 − 6) = −3
        Assert.Equal(-3, y[2, 2]);
        // Y[4,4]: window [[6,8,0],[8,1,0],[0,0,0]] → 6 + 2·8 = 22
        Assert.Equal(22, y[4, 4]);
    }

    [Fact]
    public void Sobel_y_hand_worked_corners_and_center()
    {
        var y = Same(SobelY);
        // Y[0,0]: window [[0,0,0],[0,8,2],[0,3,4]] → 0 − (0 + 2·3 + 4) = −10
        Assert.Equal(-10, y[0, 0]);
        // Y[2,2]: window [[4,6,2],[9,3,9],[1,3,6]] → (4 + 12 + 2) − (1 + 6 + 6) = 5
        Assert.Equal(5, y[2, 2]);
        // Y[4,4]: window [[6,8,0],[8,1,0],[0,0,0]] → (6 + 16 + 0) − 0 = 22
        Assert.Equal(22, y[4, 4]);
    }

    [Fact]
    public void Laplacian_hand_worked_corners_and_center()
    {
        var y = Same(Laplacian);
        // Y[0,0] = up 0 + left 0 + right 2 + down 3 − 4·8 = −27
        Assert.Equal(-27, y[0, 0]);
        // Y[2,2] = 6 + 9 + 9 + 3 − 4·3 = 15
        Assert.Equal(15, y[2, 2]);
        // Y[4,4] = up 8 + left 8 − 4·1 = 12
        Assert.Equal(12, y[4, 4]);
    }

    [Theory]
    [InlineData("seed000_sobel_x")]
    [InlineData("seed000_sobel_y")]
    [InlineData("seed000_laplacian")]
    public void Whole_outputs_match_pytorch(string name)
    {
        var c = TorchFixtures.Get("seed000_filters.json", name);
        AssertArray.Close(c.ExpectedTensors().Single().Value, Same(c.Tensor("w")));
    }

    [Fact]
    public void Output_size_and_parameter_formulas_of_2_1_v_and_vi()
    {
        // 2.1.v: H = 5, k = 3, 'same' (p = 1), s = 1 → (5 + 2 − 3)/1 + 1 = 5
        Assert.Equal(5, ConvArithmetic.ConvOutputSize(5, 3, padding: 1));
        // 2.1.vi: (k·k·C + 1)·N, e.g. k = 3, C = 3, N = 8 → (27 + 1)·8 = 224
        Assert.Equal(224, ParameterCounts.Conv2d(3, 3, 8));
    }

    [Fact]
    public void Softmax_jacobian_2_2_i_for_probabilities_one_two_three_sixths()
    {
        // z = (0, ln 2, ln 3) → p = (1, 2, 3)/6; J = diag(p) − p pᵀ
        var j = Softmax.Jacobian(V(0, Math.Log(2), Math.Log(3)));
        var expected = M(new double[,]
        {
            { 1.0 / 6 - 1.0 / 36, -2.0 / 36, -3.0 / 36 },
            { -2.0 / 36, 2.0 / 6 - 4.0 / 36, -6.0 / 36 },
            { -3.0 / 36, -6.0 / 36, 3.0 / 6 - 9.0 / 36 },
        });
        AssertArray.Close(expected, j, 1e-12);
    }

    [Fact]
    public void Cross_entropy_of_softmax_has_gradient_p_minus_y_2_2_ii()
    {
        // z = (0, ln 2, ln 3), y = (0, 1, 0): p = (1/6, 2/6, 3/6), dL/dz = (1/6, −4/6, 3/6), L = ln 3
        var z = V(0, Math.Log(2), Math.Log(3));
        var y = V(0, 1, 0);
        AssertArray.Close(V(1.0 / 6, -4.0 / 6, 3.0 / 6), Losses.CrossEntropyFromLogitsGrad(y, z), 1e-12);
        AssertArray.Close(Math.Log(3), Losses.CrossEntropyFromLogits(y, z), 1e-12);
        AssertArray.Close(Math.Log(3), Losses.CrossEntropy(y, Softmax.Apply(z)), 1e-12);
    }

    [Fact]
    public void Ridge_closed_form_2_3_hand_worked()
    {
        // X = [[1,0],[0,1],[1,1]], y = (1,2,3), n = 3, λ = 1/3 → nλ = 1.
        // XᵀX + I = [[3,1],[1,3]], Xᵀy = (4,5), inverse = [[3,−1],[−1,3]]/8 → w = (7/8, 11/8)
        var x = M(new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } });
        AssertArray.Close(V(7.0 / 8, 11.0 / 8), Regression.Ridge(x, V(1, 2, 3), 1.0 / 3), 1e-12);
        // λ = 0: XᵀX = [[2,1],[1,2]], inverse [[2,−1],[−1,2]]/3 → w = (3/3, 6/3) = (1, 2): an exact fit
        AssertArray.Close(V(1, 2), Regression.OrdinaryLeastSquares(x, V(1, 2, 3)), 1e-12);
    }
}
