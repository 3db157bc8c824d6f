namespace Grader.Core.Documents;

/// <summary>
/// Resource limits applied while a document is read, so that a hostile or broken file fails
/// fast with a clear message instead of exhausting memory, CPU or the stack.
/// </summary>
/// <param name="MaxBytes">Largest input, in UTF-8 bytes.</param>
/// <param name="MaxDepth">Most collections (lists and mappings) that may be nested inside each other.</param>
/// <param name="MaxNodes">Most nodes (scalars including mapping keys, lists, mappings) in the whole file.</param>
/// <param name="MaxScalarLength">Longest single scalar, in characters.</param>
public sealed record DocumentLimits(int MaxBytes, int MaxDepth, int MaxNodes, int MaxScalarLength)
{
    /// <summary>Staff-written rubrics: generous, they only guard against accidents.</summary>
    public static DocumentLimits Rubric { get; } = new(4 * 1024 * 1024, 64, 1_000_000, 64 * 1024);

    /// <summary>
    /// Student answer files (untrusted). Depth 16 leaves room for arrays up to rank ~6 plus the
    /// <c>answers:</c> wrapper levels; 200k nodes is far more than any homework answer needs.
    /// </summary>
    public static DocumentLimits Submission { get; } = new(1024 * 1024, 16, 200_000, 8 * 1024);
}
