using Grader.Core.Checking;
using Grader.Core.Expressions.Builtins;
using static Grader.Core.Tests.Checking.GradingHarness;

namespace Grader.Core.Tests.Checking;

/// <summary>
/// Naming the computation is not solving it: an answer that calls a reference-library function
/// (ridge, conv2d_params, softmax_jacobian, bce...) is refused with a message that says so, in
/// formula and number answers alike, for every function of the library.
/// </summary>
public class ReferenceLibraryRefusalTests
{
    private const string AnyFormula = """
        kind: formula
        expected: "x + 1"
        variables:
          x: { real: [0.1, 0.9] }
        """;

    public static TheoryData<string> ReferenceFunctions()
    {
        var data = new TheoryData<string>();
        foreach (var name in StandardFunctions.ReferenceLibrary.Names) data.Add(name);
        return data;
    }

    [Fact]
    public void The_walk_covers_the_whole_library()
    {
        var names = StandardFunctions.ReferenceLibrary.Names.ToList();
        Assert.True(names.Count >= 50, $"only {names.Count} reference functions listed");
        Assert.Contains("ridge", names);
        Assert.Contains("softmax_jacobian", names);
        Assert.Contains("relu_grad", names); // aliases are walked too
    }

    [Theory]
    [MemberData(nameof(ReferenceFunctions))]
    public void A_formula_naming_a_reference_function_is_refused(string name)
    {
        var result = GradeOne(AnyFormula, $"\"{name}(x)\"");
        Assert.Equal(0, result.Points);
        Assert.Equal(MarkStatus.Invalid, result.Status);
        Assert.Contains($"'{name}' is a reference-library function, which answers may not call", result.Feedback);
    }

    [Theory]
    [MemberData(nameof(ReferenceFunctions))]
    public void A_number_written_as_a_reference_call_is_refused(string name)
    {
        var result = GradeOne("kind: number\nexpected: 1", $"\"{name}(1)\"");
        Assert.Equal(0, result.Points);
        Assert.Equal(MarkStatus.Invalid, result.Status);
        Assert.Contains($"'{name}' is a reference-library function, which answers may not call", result.Feedback);
    }

    [Fact]
    public void The_ridge_closed_form_must_be_written_out()
    {
        const string ridge = """
            kind: formula
            expected: "inv(X^T X + n*lambda*I) X^T y"
            variables:
              n: { integer: [3, 8] }
              d: { integer: [1, 4] }
              X: { matrix: [n, d], range: [-2, 2] }
              y: { vector: n, range: [-2, 2] }
              lambda: { real: [0.1, 2] }
            """;
        Assert.Equal(0, GradeOne(ridge, "\"ridge(X, y, lambda)\"").Points);
        Assert.Equal(MarkStatus.Correct, GradeOne(ridge, "\"solve(X^T X + n lambda I, X^T y)\"").Status);
    }

    [Fact]
    public void An_item_may_allow_a_function_the_sheet_gives()
    {
        const string dLdz = """
            kind: formula
            expected: "softmax(z) - y"
            allow: [softmax]
            variables:
              N: { integer: [2, 6] }
              z: { vector: N, range: [-3, 3] }
              y: { simplex: N }
            """;
        Assert.Equal(MarkStatus.Correct, GradeOne(dLdz, "\"softmax(z) - y\"").Status);
        Assert.Equal(MarkStatus.Correct, GradeOne(dLdz, "\"exp(z)/sum(exp(z)) - y\"").Status);
        // Allowing softmax does not open the rest of the library.
        var jacobian = GradeOne(dLdz, "\"cross_entropy_logits_grad(y, z)\"");
        Assert.Equal(0, jacobian.Points);
        Assert.Contains("reference-library function", jacobian.Feedback);
    }

    [Fact]
    public void Rubric_expressions_keep_the_whole_library()
    {
        // (3*3*2 + 1)*4 = 76 by hand.
        var result = GradeOne("kind: integer\nexpected: \"conv2d_params(3, 2, 4)\"", "76", points: 1);
        Assert.Equal(MarkStatus.Correct, result.Status);
    }

    [Theory]
    [InlineData("[no_such_function]", "not a function of the reference library")]
    [InlineData("[exp]", "elementary function")]
    public void Allowing_anything_but_a_reference_function_is_a_rubric_error(string allow, string message)
    {
        var rubric = SingleItem($"kind: formula\nexpected: \"x\"\nallow: {allow}\nvariables:\n  x: {{ real: [0, 1] }}");
        var result = Grader.Core.Rubrics.RubricLoader.Load(rubric, "test.yaml");
        Assert.False(result.Success);
        Assert.Contains(message, result.Problems[0].Message);
    }
}
