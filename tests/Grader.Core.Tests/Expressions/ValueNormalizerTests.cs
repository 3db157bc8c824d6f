using Grader.Core.Expressions;
using Grader.Core.Numerics;
using static Grader.Core.Tests.Expressions.ExpressionTestHelpers;

namespace Grader.Core.Tests.Expressions;

public class ValueNormalizerTests
{
    private static NdArray Normalize(NdArray a) => ValueNormalizer.Normalize(a);

    [Fact]
    public void One_by_one_becomes_a_scalar()
    {
        var result = Normalize(M(new double[,] { { 7 } }));
        Assert.Equal([], result.Shape);
        Assert.Equal(7, result.Data[0]);
        Assert.Equal([], Normalize(V(3)).Shape);
    }

    [Fact]
    public void A_column_becomes_a_vector() =>
        AssertArray(V(1, 2, 3), Normalize(M(new double[,] { { 1 }, { 2 }, { 3 } })));

    [Fact]
    public void Rows_matrices_and_vectors_stay()
    {
        Assert.Equal([1, 3], Normalize(M(new double[,] { { 1, 2, 3 } })).Shape);
        Assert.Equal([2, 2], Normalize(M(new double[,] { { 1, 2 }, { 3, 4 } })).Shape);
        Assert.Equal([3], Normalize(V(1, 2, 3)).Shape);
    }

    [Fact]
    public void Strings_and_identity_pass_through()
    {
        Assert.Equal(new Value.Text("same"), ValueNormalizer.Normalize(new Value.Text("same")));
        Assert.Equal(new Value.Identity(2), ValueNormalizer.Normalize(new Value.Identity(2)));
    }
}
