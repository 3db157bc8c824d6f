namespace Grader.Core.Rubrics;

/// <summary>
/// A gradable question. <see cref="Check"/> holds what depends on the kind: the expected value and
/// how answers are compared.
/// </summary>
public sealed record RubricItem(
    string Id,
    string? Name,
    string Prompt,
    double Points,
    bool Bonus,
    ItemKind Kind,
    ItemFeedback Feedback,
    ItemCheck Check)
{
    /// <summary>Items whose values this item's expected expression refers to, by item id.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Credit factor for an error carried forward; null when follow-through is off.</summary>
    public double? FollowThrough { get; init; }

    public bool IsAutoGraded => Kind is not (ItemKind.Text or ItemKind.Model);
}

public enum ItemKind
{
    Number,
    Vector,
    Matrix,
    Tensor,
    Integer,
    Formula,
    Choice,
    Text,
    Model,
}

public sealed record ItemFeedback(string? Correct, string? Incorrect)
{
    public static ItemFeedback None { get; } = new(null, null);
}
