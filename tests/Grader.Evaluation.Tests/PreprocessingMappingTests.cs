using Grader.Core.Rubrics;
using Grader.Datasets.Preprocessing;

namespace Grader.Evaluation.Tests;

/// <summary>The rubric's resize methods are the data-set layer's, name for name.</summary>
public class PreprocessingMappingTests
{
    [Fact]
    public void Every_rubric_resize_method_maps_to_the_method_of_that_name()
    {
        Assert.Equal(ResizeInterpolations.All, ModelPreprocessing.Interpolations);
        foreach (var name in ModelPreprocessing.Interpolations)
            Assert.Equal(name, PreprocessingMapping.ToSpec(new ModelPreprocessing { Interpolation = name }).Interpolation.Name());
        Assert.Equal(ResizeInterpolation.PilBilinear, PreprocessingMapping.ToSpec(ModelPreprocessing.Default).Interpolation);
    }
}
