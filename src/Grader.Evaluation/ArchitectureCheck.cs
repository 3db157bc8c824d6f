using Grader.Core.Rubrics;
using Grader.Inference;

namespace Grader.Evaluation;

/// <summary>
/// Builds each state_dict architecture of a rubric with zero weights and loads it as the grader
/// would load a student's weights, at the input size the preprocessing gives: a mis-wired layer
/// list (channels that do not chain, a Linear whose in_features is not what the Flatten before it
/// gives, an operator the engine lacks) is a problem for staff at <c>grader check</c> and import,
/// not a 0 for every student.
/// </summary>
public static class ArchitectureCheck
{
    public static IReadOnlyList<RubricProblem> Problems(Rubric rubric)
    {
        var problems = new List<RubricProblem>();
        foreach (var item in rubric.Items)
        {
            if (item.Check is not ModelCheck { Requirement: { Architecture: { } architecture } requirement }) continue;
            var shape = ArchitectureMapping.ExpectedInputShape(requirement);
            try
            {
                var model = InferenceModel.CheckArchitecture(ArchitectureMapping.ToSpec(architecture, shape));
                if (shape is not null && model.CheckInputShape(shape) is { IsCompatible: false } mismatch)
                    problems.Add(new RubricProblem($"item '{item.Id}': architecture: {mismatch.Message}", architecture.Position));
            }
            catch (ModelLoadException e)
            {
                problems.Add(new RubricProblem($"item '{item.Id}': architecture: {e.Message}", architecture.Position));
            }
        }
        return problems;
    }
}
