using Grader.Core.Checking;

namespace Grader.Core.Tests.Checking.Seeds;

/// <summary>The examples on the seed rubrics: answers without work earn 0, real answers full marks.</summary>
public class NoWorkSeedTests
{
    private const string Zeros4x4 = "[[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]";

    [Fact]
    public void En4553_dL_dX_all_zeros_earns_nothing()
    {
        var result = SeedRubrics.GradeOne("en4553-a2", "1.c.dL_dX", Zeros4x4, index: "180577X");
        Assert.Equal(0, result.Points);
        var key = SeedRubrics.Answer("en4553-a2", "1.c.dL_dX", "180577X");
        Assert.Equal(3, SeedRubrics.GradeOne("en4553-a2", "1.c.dL_dX", key, index: "180577X").Points);
    }

    [Fact]
    public void En4553_dL_dX_copying_X_earns_nothing()
    {
        var x = SeedRubrics.Answer("en4553-a2", "X", "040479X");
        Assert.Equal(0, SeedRubrics.GradeOne("en4553-a2", "1.c.dL_dX", x, index: "040479X").Points);
    }

    [Fact]
    public void En4553_V_copying_U_earns_nothing()
    {
        var u = SeedRubrics.Answer("en4553-a2", "1.b.U", "180577X");
        var report = SeedRubrics.Grade("en4553-a2", $"1.b.U: {u}\n1.b.V: {u}\n", "180577X");
        Assert.Equal(3, report["1.b.U"]!.Points);
        Assert.Equal(0, report["1.b.V"]!.Points);
    }

    [Fact]
    public void Nnti_conv_matrix_all_zeros_earns_nothing()
    {
        var zeros = "[" + string.Join(", ", Enumerable.Repeat("[0, 0, 0, 0, 0, 0, 0, 0, 0]", 4)) + "]";
        Assert.Equal(0, SeedRubrics.GradeOne("nnti-ws2425-sheet10", "10.2.b.conv_matrix", zeros).Points);
        var key = SeedRubrics.Answer("nnti-ws2425-sheet10", "10.2.b.conv_matrix");
        Assert.Equal(MarkStatus.Correct, SeedRubrics.GradeOne("nnti-ws2425-sheet10", "10.2.b.conv_matrix", key).Status);
    }
}
