using Grader.Core.Documents;
using Grader.Core.Rubrics;

namespace Grader.Core.Tests.Rubrics;

/// <summary>The <c>interpolation:</c> of a model item's preprocessing: the resize method it grades with.</summary>
public class ModelPreprocessingTests
{
    private static string Block(string preprocessing) => $"""

              dataset: gtsrb
              threshold: 0.9
              preprocessing: {preprocessing}
        """;

    private static RubricLoadResult Load(string preprocessing) => ModelItems.Load(Block(preprocessing));

    private static string Interpolation(string preprocessing) => ModelItems.Requirement(Block(preprocessing)).Preprocessing.Interpolation;

    [Fact]
    public void The_default_is_torchvisions_resize_of_PIL_images() => Assert.Equal("pil-bilinear", Interpolation("{ resize: 32x32 }"));

    [Theory]
    [InlineData("pil-bilinear")]
    [InlineData("pil-bicubic")]
    [InlineData("bilinear-antialias")]
    [InlineData("bilinear")]
    public void Each_method_is_read(string method) => Assert.Equal(method, Interpolation($"{{ resize: 32x32, interpolation: {method} }}"));

    [Fact]
    public void An_unknown_method_is_a_problem_at_its_value()
    {
        var problem = Assert.Single(Load("{ resize: 32x32, interpolation: bicubic }").Problems);
        Assert.Contains("'interpolation' is one of: pil-bilinear, pil-bicubic, bilinear-antialias, bilinear", problem.Message);
        Assert.Equal(new SourcePosition(11, 54), problem.Position);   // 'bicubic' on the preprocessing line
    }
}
