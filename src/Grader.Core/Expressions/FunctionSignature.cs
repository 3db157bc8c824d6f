namespace Grader.Core.Expressions;

/// <summary>
/// Parameters of a built-in function. Arguments bind positionally in the order
/// <see cref="Required"/> then <see cref="Optional"/>, or by name (<c>stride=2</c>).
/// </summary>
public sealed record FunctionSignature(
    string Name,
    IReadOnlyList<string> Required,
    IReadOnlyList<string> Optional,
    string Summary)
{
    public IEnumerable<string> AllParameters => Required.Concat(Optional);

    public override string ToString() =>
        $"{Name}({string.Join(", ", Required.Concat(Optional.Select(o => o + "?")))})";
}
