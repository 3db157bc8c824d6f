using Grader.Core.Documents;
using Grader.Core.Numerics;

namespace Grader.Core.Answers;

/// <summary>
/// Reads nested lists as a rectangular array of leaves, with student-readable messages for
/// ragged rows and wrong entries. Index paths in messages are 0-based, as in NumPy: "[2][3]".
/// </summary>
internal static class NestedLists
{
    /// <summary>Deeper than any real answer; bounds the recursion below even for hand-built trees.</summary>
    private const int MaxRank = 32;

    /// <summary>Reads one leaf: the value, or a phrase completing "entry [i][j] ...", e.g. "is text 'x', expected a number".</summary>
    public delegate string? LeafReader<T>(DocNode.Scalar scalar, out T value);

    /// <param name="leafNoun">What a leaf should be, for messages: "a number".</param>
    public static AnswerValue<(int[] Shape, T[] Cells)> Read<T>(DocNode node, string leafNoun, LeafReader<T> readLeaf)
    {
        var shape = DiscoverShape(node);
        if (shape.Length > MaxRank)
            return Fail<T>($"the answer has lists nested {shape.Length} deep, more than the limit of {MaxRank}", node.Position);
        long count = 1;
        foreach (var length in shape)
        {
            count *= length;
            if (count > NdArray.MaxElements)
                return Fail<T>($"the answer has more than {NdArray.MaxElements} entries (the limit)", node.Position);
        }

        var cells = new T[count];
        var walker = new Walker<T>(shape, leafNoun, readLeaf, cells);
        return walker.Visit(node, new int[shape.Length], 0) is { } failure
            ? Fail<T>(failure.Message, failure.Position)
            : AnswerValue<(int[], T[])>.Ok((shape, cells), node.Position);
    }

    /// <summary>The shape as the first entry at each level suggests; every other entry must agree.</summary>
    private static int[] DiscoverShape(DocNode node)
    {
        var shape = new List<int>();
        while (node is DocNode.Sequence list)
        {
            shape.Add(list.Items.Count);
            if (list.Items.Count == 0)
                break;
            node = list.Items[0];
        }
        return [.. shape];
    }

    private static AnswerValue<(int[], T[])> Fail<T>(string message, SourcePosition position) =>
        AnswerValue<(int[], T[])>.Fail(message, position);

    private sealed record Failure(string Message, SourcePosition Position);

    private sealed class Walker<T>(int[] shape, string leafNoun, LeafReader<T> readLeaf, T[] cells)
    {
        private int _next;

        public Failure? Visit(DocNode node, int[] path, int depth)
        {
            if (depth == shape.Length)
                return VisitLeaf(node, path, depth);

            if (node is not DocNode.Sequence list)
                return new($"{Subject(path, depth)} is {Describe(node)}, expected a list of {Entries(shape[depth])}",
                    node.Position);
            if (list.Items.Count != shape[depth])
                return new($"{Subject(path, depth)} has {Entries(list.Items.Count)}, expected {shape[depth]}",
                    node.Position);
            for (int i = 0; i < list.Items.Count; i++)
            {
                path[depth] = i;
                if (Visit(list.Items[i], path, depth + 1) is { } failure)
                    return failure;
            }
            return null;
        }

        private Failure? VisitLeaf(DocNode node, int[] path, int depth)
        {
            if (node is not DocNode.Scalar scalar)
            {
                var expected = depth == 0 ? $"{leafNoun} or a list" : leafNoun;
                return new($"{Subject(path, depth)} is {Describe(node)}, expected {expected}", node.Position);
            }
            if (readLeaf(scalar, out var value) is { } error)
                return new($"{Subject(path, depth)} {error}", node.Position);
            cells[_next++] = value;
            return null;
        }

        /// <summary>"the answer", "row [2]" (in a matrix), "list [1][2]" or, for leaves, "entry [1][2][0]".</summary>
        private string Subject(int[] path, int depth)
        {
            if (depth == 0)
                return "the answer";
            var index = string.Concat(path.Take(depth).Select(i => $"[{i}]"));
            if (depth == shape.Length)
                return $"entry {index}";
            return shape.Length == 2 ? $"row {index}" : $"list {index}";
        }
    }

    private static string Entries(int count) => count == 1 ? "1 entry" : $"{count} entries";

    /// <summary>A node in words for messages: "the number 7", "text 'abc'", "a list of 3 entries".</summary>
    public static string Describe(DocNode node) => node switch
    {
        DocNode.Scalar { IsNull: true } => "empty",
        DocNode.Scalar s when s.TryGetBoolean(out _) => $"the boolean {s.Text}",
        DocNode.Scalar s when s.TryGetNumber(out _) => $"the number {s.Text}",
        DocNode.Scalar s => $"text {DocText.Quote(s.Text)}",
        DocNode.Sequence l => $"a list of {Entries(l.Items.Count)}",
        _ => "a mapping",
    };
}
