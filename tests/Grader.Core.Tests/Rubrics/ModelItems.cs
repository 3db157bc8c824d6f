using Grader.Core.Rubrics;

namespace Grader.Core.Tests.Rubrics;

/// <summary>A one-item rubric around a model item's <c>model:</c> block, which starts on line 8 (a
/// multi-line block starts with a newline and indents its lines by 6 spaces).</summary>
internal static class ModelItems
{
    public static RubricLoadResult Load(string model) => RubricLoader.Load($"""
        id: hw
        title: T
        total: 5
        items:
          - id: net
            points: 5
            kind: model
            model: {model}
        """, "r.yaml");

    /// <summary>The item's requirement, failing the test with the problems when the rubric does not load.</summary>
    public static ModelRequirement Requirement(string model)
    {
        var result = Load(model);
        Assert.True(result.Success, string.Join("\n", result.Problems.Select(p => p.Describe("r.yaml"))));
        return Assert.IsType<ModelCheck>(result.Rubric!.Items[0].Check).Requirement;
    }
}
