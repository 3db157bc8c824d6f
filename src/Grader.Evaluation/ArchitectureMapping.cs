using Grader.Core.Rubrics;
using Grader.Inference.Checkpoints.Architectures;

namespace Grader.Evaluation;

/// <summary>The rubric's architecture (Grader.Core data) as the engine's <see cref="ArchitectureSpec"/>.</summary>
public static class ArchitectureMapping
{
    public static ArchitectureSpec ToSpec(ModelArchitecture a) => new()
    {
        Name = a.Name,
        Classes = a.Classes,
        CifarStem = a.CifarStem,
        Width = a.Width,
        Layers = a.Layers.Select(ToSpec).ToList(),
    };

    private static LayerSpec ToSpec(ModelLayer l) =>
        new(l.Type, l.Name) { Args = l.Args, Layers = l.Layers.Select(ToSpec).ToList() };
}
