using Grader.Core.Documents;
using Grader.Core.Rubrics;

namespace Grader.Core.Tests.Rubrics;

/// <summary>The <c>interpolation:</c> of a model item's preprocessing: the resize method it grades with.</summary>
public class ModelPreprocessingTests
{
    private static RubricLoadResult Load(string preprocessing) => RubricLoader.Load($"""
        id: hw
        title: T
        total: 5
        items:
          - id: net
            points: 5
            kind: model
            model:
              dataset: gtsrb
              threshold: 0.9
              preprocessing: {preprocessing}
        """, "r.yaml");

    private static string Interpolation(string preprocessing)
    {
        var result = Load(preprocessing);
        Assert.True(result.Success, string.Join("\n", result.Problems.Select(p => p.Describe("r.yaml"))));
        return Assert.IsType<ModelCheck>(result.Rubric!.Items[0].Check).Requirement.Preprocessing.Interpolation;
    }

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
