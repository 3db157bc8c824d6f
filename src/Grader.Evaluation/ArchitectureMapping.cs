using Grader.Core.Rubrics;
using Grader.Datasets;
using Grader.Inference.Checkpoints.Architectures;

namespace Grader.Evaluation;

/// <summary>The rubric's architecture (Grader.Core data) as the engine's <see cref="ArchitectureSpec"/>.</summary>
public static class ArchitectureMapping
{
    /// <param name="inputShape">The per-image (C, H, W) the network will be fed, when known.</param>
    public static ArchitectureSpec ToSpec(ModelArchitecture a, IReadOnlyList<int>? inputShape = null) => new()
    {
        Name = a.Name,
        Classes = a.Classes,
        CifarStem = a.CifarStem,
        Width = a.Width,
        Layers = a.Layers.Select(ToSpec).ToList(),
        InputShape = inputShape,
    };

    private static LayerSpec ToSpec(ModelLayer l) => new(l.Type, l.Name)
    {
        Args = l.Args.ToDictionary(a => a.Key, a => new LayerArg(a.Value.Number, a.Value.Second, a.Value.Text)),
        Layers = l.Layers.Select(ToSpec).ToList(),
        Shortcut = l.Shortcut is { } s ? ToSpec(s) : null,
        After = l.After is { } after ? ToSpec(after) : null,
    };

    /// <summary>
    /// The (C, H, W) the rubric's preprocessing makes of its data set's images, as far as the rubric
    /// alone says (a center crop, else a resize, else the set's own fixed size); null when the
    /// images' size varies and nothing fixes it.
    /// </summary>
    public static int[]? ExpectedInputShape(ModelRequirement requirement)
    {
        if (KnownDatasets.Find(requirement.Dataset) is not { } dataset) return null;
        var p = requirement.Preprocessing;
        int channels = p.Channels ?? dataset.Channels;
        return (p.CenterCrop ?? p.Resize) is { } size ? [channels, size.Height, size.Width]
            : dataset.FixedShape is { } fixedShape ? [channels, fixedShape.Height, fixedShape.Width]
            : null;
    }
}
