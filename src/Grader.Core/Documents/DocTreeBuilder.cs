namespace Grader.Core.Documents;

/// <summary>
/// Builds a <see cref="DocNode"/> tree from a stream of start/scalar/end calls, enforcing
/// <see cref="DocumentLimits"/> and the structural rules both readers share (scalar keys, no
/// duplicate keys). It keeps an explicit stack, so nesting never recurses on the call stack.
/// </summary>
internal sealed class DocTreeBuilder(DocumentLimits limits)
{
    private abstract class Frame(SourcePosition position)
    {
        public SourcePosition Position { get; } = position;
    }

    private sealed class SequenceFrame(SourcePosition position) : Frame(position)
    {
        public List<DocNode> Items { get; } = [];
    }

    private sealed class MappingFrame(SourcePosition position) : Frame(position)
    {
        public List<KeyValuePair<DocNode.Scalar, DocNode>> Entries { get; } = [];
        public Dictionary<string, SourcePosition> KeyPositions { get; } = new(StringComparer.Ordinal);
        public DocNode.Scalar? PendingKey { get; set; }
    }

    private readonly Stack<Frame> _open = new();
    private int _nodeCount;
    private DocNode? _root;

    /// <summary>The finished tree; null while nothing (or not everything) has been read.</summary>
    public DocNode? Root => _open.Count == 0 ? _root : null;

    /// <summary>True when the next node will be a mapping key.</summary>
    public bool ExpectsKey => _open.TryPeek(out var top) && top is MappingFrame { PendingKey: null };

    public void StartSequence(SourcePosition position)
    {
        BeforeCollection("a list", position);
        _open.Push(new SequenceFrame(position));
    }

    public void StartMapping(SourcePosition position)
    {
        BeforeCollection("a mapping", position);
        _open.Push(new MappingFrame(position));
    }

    public void Scalar(string text, bool quoted, SourcePosition position)
    {
        CountNode(position);
        if (text.Length > limits.MaxScalarLength)
            throw new DocumentException(
                $"this value is {text.Length} characters long, more than the limit of {limits.MaxScalarLength}",
                position);
        Add(new DocNode.Scalar(text, quoted, position));
    }

    /// <summary>Closes the innermost open list or mapping.</summary>
    public void End()
    {
        var frame = _open.Pop();
        DocNode node = frame switch
        {
            SequenceFrame s => new DocNode.Sequence(s.Items, s.Position),
            MappingFrame m => new DocNode.Mapping(m.Entries, m.Position),
            _ => throw new InvalidOperationException("unknown frame"),
        };
        Add(node);
    }

    private void BeforeCollection(string kind, SourcePosition position)
    {
        // Checked before the frame is pushed so that a key which is a list fails here, at its start.
        if (ExpectsKey)
            throw new DocumentException($"a mapping key must be a plain name, not {kind}", position);
        CountNode(position);
        if (_open.Count + 1 > limits.MaxDepth)
            throw new DocumentException(
                $"lists and mappings are nested more than {limits.MaxDepth} levels deep (the limit)", position);
    }

    private void CountNode(SourcePosition position)
    {
        if (++_nodeCount > limits.MaxNodes)
            throw new DocumentException(
                $"the file has more than {limits.MaxNodes} values (the limit on nodes)", position);
    }

    private void Add(DocNode node)
    {
        if (!_open.TryPeek(out var parent))
        {
            _root = node;
            return;
        }
        switch (parent)
        {
            case SequenceFrame s:
                s.Items.Add(node);
                break;
            case MappingFrame { PendingKey: null } m:
                // Collections were refused as keys in BeforeCollection, so this is a scalar.
                var key = (DocNode.Scalar)node;
                if (!m.KeyPositions.TryAdd(key.Text, key.Position))
                    throw new DocumentException(
                        $"duplicate key {DocText.Quote(key.Text)} (first at {m.KeyPositions[key.Text]})", key.Position);
                m.PendingKey = key;
                break;
            case MappingFrame m:
                m.Entries.Add(new(m.PendingKey!, node));
                m.PendingKey = null;
                break;
        }
    }
}
