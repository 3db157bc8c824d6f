using Grader.Core.Numerics;
using Grader.Core.Reference;
using Grader.Core.Tests.Reference.Support;
using static Grader.Core.Tests.Reference.Support.AssertArray;

namespace Grader.Core.Tests.Reference;

/// <summary>
/// Seed 003 (EN4553 Assignment 2): X from the index number, Maxpool 2×2/2 → LRelu(0.1) → Dense
/// with W = [1, 2, 10, 4], all worked by hand for the sheet's example index "180577X".
/// </summary>
public class Seed003ToyNetworkTests
{
    // Digits 1 8 0 5 7 7 → values 1, 8, 0.5 (first 0), 5, 7, 7.1 (second 7);
    // cells 7–12 are those times −1; row 4 is row 1 times −1.
    private static readonly NdArray X180577 = M(new double[,]
    {
        { 1, 8, 0.5, 5 },
        { 7, 7.1, -1, -8 },
        { -0.5, -5, -7, -7.1 },
        { -1, -8, -0.5, -5 },
    });

    private static readonly NdArray W = V(1, 2, 10, 4);

    [Fact]
    public void Index_matrix_of_the_sheet_example()
    {
        Assert.Equal(X180577, Variants.IndexMatrix("180577X"));
    }

    [Fact]
    public void Index_matrix_zeros_and_repeats()
    {
        // "E/20/0012": digits 2 0 0 0 1 2 → 2, 0.5, 0.6, 0.7, 1, 2.1
        var x = Variants.IndexMatrix("E/20/0012");
        AssertArray.Close(M(new double[,]
        {
            { 2, 0.5, 0.6, 0.7 },
            { 1, 2.1, -2, -0.5 },
            { -0.6, -0.7, -1, -2.1 },
            { -2, -0.5, -0.6, -0.7 },
        }), x, 1e-15);
        // "3333331": first six are 3 → 3, 3.1, 3.2, 3.3, then 3.4, 3.5 (the pattern continues)
        AssertArray.Close(V(3, 3.1, 3.2, 3.3, 3.4, 3.5), new NdArray([6], Variants.IndexMatrix("3333331").Data[..6]), 1e-15);
    }

    [Fact]
    public void Forward_pass_U_V_and_y()
    {
        // U = max of each 2×2 block: [[max(1,8,7,7.1), max(0.5,5,−1,−8)], [max(−0.5,−5,−1,−8), max(−7,−7.1,−0.5,−5)]]
        var u = Pooling.MaxPool2D(X180577, 2);
        Assert.Equal(M(new double[,] { { 8, 5 }, { -0.5, -0.5 } }), u);
        // V = LRelu(U) with 0.1 for negatives
        var v = Activations.LeakyReLU(u, 0.1);
        AssertArray.Close(M(new double[,] { { 8, 5 }, { -0.05, -0.05 } }), v, 1e-15);
        // y = 8·1 + 5·2 − 0.05·10 − 0.05·4 = 8 + 10 − 0.5 − 0.2 = 17.3
        AssertArray.Close(17.3, Dense.Forward(W, v.Reshape(4)).ScalarValue, 1e-12);
    }

    [Fact]
    public void Backward_pass_dV_dU_dX()
    {
        var u = Pooling.MaxPool2D(X180577, 2);
        // dL/dv_i = dL/dy · w_i = 2·(1, 2, 10, 4)
        var dv = Dense.BackwardInput(W, NdArray.Scalar(2)).Reshape(2, 2);
        Assert.Equal(M(new double[,] { { 2, 4 }, { 20, 8 } }), dv);
        // dL/dU: positive u pass the gradient, negative ones scale it by 0.1 → [[2, 4], [2, 0.8]]
        var du = Activations.LeakyReLUBackward(u, dv, 0.1);
        AssertArray.Close(M(new double[,] { { 2, 4 }, { 2, 0.8 } }), du, 1e-15);
        // dL/dX: each gradient goes to its block's maximum: 8 at (0,1), 5 at (0,3), −0.5 at (2,0), −0.5 at (3,2)
        var dx = Pooling.MaxPoolBackward(X180577, du, 2);
        AssertArray.Close(M(new double[,]
        {
            { 0, 2, 0, 4 },
            { 0, 0, 0, 0 },
            { 2, 0, 0, 0 },
            { 0, 0, 0.8, 0 },
        }), dx, 1e-15);
    }

    [Fact]
    public void PReLU_part_d()
    {
        // A chosen U = [[2, −1], [−3, 4]] with α0 = 0.25: V = [[2, −0.25], [−0.75, 4]]
        var u = M(new double[,] { { 2, -1 }, { -3, 4 } });
        AssertArray.Close(M(new double[,] { { 2, -0.25 }, { -0.75, 4 } }), Activations.PReLU(u, 0.25), 1e-15);
        // dL/dV = [[2, −2.5], [1.5, 3]] (the sheet's): dL/dα = Σ_{u<0} g·u = (−2.5)(−1) + (1.5)(−3) = 2.5 − 4.5 = −2
        var dv = M(new double[,] { { 2, -2.5 }, { 1.5, 3 } });
        Assert.Equal(-2, Activations.PReLUAlphaGrad(u, dv));
        // dL/dU = [[2, 0.25·(−2.5)], [0.25·1.5, 3]]
        AssertArray.Close(M(new double[,] { { 2, -0.625 }, { 0.375, 3 } }), Activations.PReLUBackward(u, dv, 0.25), 1e-15);
    }

    [Fact]
    public void Question_2_softmax_shift_and_cross_entropy_gradient()
    {
        // softmax(z) = softmax(z − max z), and overflow-free for large logits
        var z = V(1, 2, 3);
        AssertArray.Close(Softmax.Apply(z), Softmax.Apply(V(1001, 1002, 1003)), 1e-15);
        double sum = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        var p = V(Math.Exp(1) / sum, Math.Exp(2) / sum, Math.Exp(3) / sum);
        AssertArray.Close(p, Softmax.Apply(z), 1e-15);
        // label y = 2 (1-based) → index 1: L = −log p_2; dL/dz_y = p_y − 1, dL/dz_y' = p_y'
        AssertArray.Close(-Math.Log(p[1]), Losses.CrossEntropyFromLogitsIndex(1, z), 1e-12);
        AssertArray.Close(-Math.Log(p[1]), Losses.CrossEntropyIndex(1, p), 1e-12);
        AssertArray.Close(V(p[0], p[1] - 1, p[2]), Losses.CrossEntropyFromLogitsGrad(V(0, 1, 0), z), 1e-12);
    }
}
