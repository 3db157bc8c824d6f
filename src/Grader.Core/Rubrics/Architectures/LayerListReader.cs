using Grader.Core.Documents;

namespace Grader.Core.Rubrics;

/// <summary>
/// Reads a layer list, checking each layer against <see cref="LayerCatalog"/> where it is written:
/// an unknown type or argument, a missing one, a value of the wrong kind or one the grader cannot
/// honour is a problem at its line, so staff see it when checking the rubric instead of every
/// student's state_dict scoring 0.
/// <code>
/// - { type: Conv2d, name: conv1, in_channels: 1, out_channels: 16, kernel_size: 3, padding: 1 }
/// - { type: Sequential, name: block, layers: [ ... ] }
/// - name: "0"                      # y = activation(main(x) + shortcut(x))
///   residual: [ ... ]              # the main path; its layers are modules of the block
///   shortcut: [ ... ]              # optional (identity): a list is an nn.Sequential named 'shortcut',
///                                  # a single layer is named by its 'name' (default 'shortcut')
///   activation: ReLU               # optional: a type name, or a layer
/// </code>
/// </summary>
internal static class LayerListReader
{
    public static IReadOnlyList<ModelLayer> Read(DocNode node) =>
        node is DocNode.Sequence list && list.Items.Count > 0
            ? list.Items.Select(Layer).ToList()
            : throw new DocumentException("'layers' is a non-empty list of { type: Conv2d, ... }", node.Position);

    private static ModelLayer Layer(DocNode node)
    {
        if (node is not DocNode.Mapping map) throw new DocumentException("a layer is a mapping { type: ..., ... }", node.Position);
        if (map["residual"] is { } main) return Residual(map, main);
        var typeNode = map["type"] ?? throw new DocumentException("a layer needs a 'type' (Conv2d, Linear, ReLU, ...) or is a 'residual:' block", node.Position);
        string type = MappingFields.Text(typeNode, "type");
        if (!LayerCatalog.Types.TryGetValue(type, out var known))
        {
            var hint = KeySuggestion.Nearest(type, LayerCatalog.Types.Keys) is { } near ? $"did you mean '{near}'? " : "";
            throw new DocumentException($"layer type {DocText.Quote(type)} is not supported ({hint}supported: {string.Join(", ", LayerCatalog.Types.Keys)}, and residual: blocks)",
                typeNode.Position);
        }
        string? name = null;
        IReadOnlyList<ModelLayer> children = [];
        var args = new Dictionary<string, LayerValue>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries)
        {
            switch (key.Text)
            {
                case "type": break;
                case "name": name = Name(value); break;
                case "layers" when type == "Sequential": children = Read(value); break;
                default:
                    var argument = known.FirstOrDefault(a => a.Name == key.Text) ?? throw UnknownArgument(type, key, known);
                    args[key.Text] = Value(argument, value);
                    break;
            }
        }
        if (type == "Sequential" && children.Count == 0) throw new DocumentException("a Sequential needs 'layers'", node.Position);
        if (known.FirstOrDefault(a => a.Required && !args.ContainsKey(a.Name)) is { } missing)
            throw new DocumentException($"{type} needs '{missing.Name}'", node.Position);
        return new ModelLayer(type, name, args, children);
    }

    private static ModelLayer Residual(DocNode.Mapping map, DocNode main)
    {
        map.RejectUnknownKeys("a residual block", "residual", "name", "shortcut", "activation");
        var shortcut = map["shortcut"] switch
        {
            null => null,
            DocNode.Sequence list => new ModelLayer("Sequential", "shortcut", new Dictionary<string, LayerValue>(), Read(list)),
            var single => Layer(single),
        };
        var activation = map["activation"] switch
        {
            null => null,
            DocNode.Scalar { Quoted: false } t when !t.IsNull => Layer(new DocNode.Mapping([new(new DocNode.Scalar("type", false, t.Position), t)], t.Position)),
            var layer => Layer(layer),
        };
        if (activation is not null && !LayerCatalog.Activations.Contains(activation.Type))
            throw new DocumentException($"a residual block's activation is one of: {string.Join(", ", LayerCatalog.Activations)}", map["activation"]!.Position);
        return new ModelLayer(LayerCatalog.Residual, map["name"] is { } n ? Name(n) : null, new Dictionary<string, LayerValue>(), Read(main))
        {
            Shortcut = shortcut,
            After = activation,
        };
    }

    /// <summary>A module name as torch would have it: 'conv1', or an index written as a number.</summary>
    private static string Name(DocNode node) => node.RequireScalar("'name'").Text;

    private static DocumentException UnknownArgument(string type, DocNode.Scalar key, IReadOnlyList<LayerArgument> known)
    {
        var names = known.Select(a => a.Name).ToList();
        var hint = KeySuggestion.Nearest(key.Text, names) is { } near ? $"did you mean '{near}'? " : "";
        return new DocumentException(
            $"{type} has no argument {DocText.Quote(key.Text)} ({hint}{(names.Count == 0 ? "it takes none" : $"it takes: {string.Join(", ", names)}")})", key.Position);
    }

    private static LayerValue Value(LayerArgument argument, DocNode node)
    {
        string what = $"'{argument.Name}'";
        var value = argument.Kind switch
        {
            LayerArgumentKind.Flag => new LayerValue(node.AsBool(what) ? 1 : 0),
            LayerArgumentKind.Text => node.AsString(what) is var text && argument.Choices.Contains(text)
                ? new LayerValue(double.NaN, null, text)
                : throw new DocumentException($"{what} is one of: {string.Join(", ", argument.Choices)}", node.Position),
            LayerArgumentKind.Size when node is DocNode.Sequence { Items.Count: 2 } pair =>
                new LayerValue(Whole(pair.Items[0], argument), Whole(pair.Items[1], argument)),
            LayerArgumentKind.Size or LayerArgumentKind.Whole => new LayerValue(Whole(node, argument)),
            _ => new LayerValue(Finite(node, what)),
        };
        if (argument.Only is { } only && (value.Number != only || (value.Second ?? only) != only))
            throw new DocumentException(argument.Why ?? $"{what} must be {only}", node.Position);
        return value;
    }

    private static double Whole(DocNode node, LayerArgument argument)
    {
        string what = $"'{argument.Name}'";
        double v = node is DocNode.Sequence ? throw new DocumentException($"{what} is a whole number{(argument.Kind == LayerArgumentKind.Size ? " or a pair [h, w]" : "")}", node.Position)
            : Finite(node, what);
        return v == Math.Floor(v) && v >= argument.Min && Math.Abs(v) <= 1 << 20
            ? v
            : throw new DocumentException($"{what} is a whole number{(double.IsFinite(argument.Min) ? $" of at least {argument.Min}" : "")}, got {v}", node.Position);
    }

    private static double Finite(DocNode node, string what) =>
        node.AsNumber(what) is var v && double.IsFinite(v) ? v : throw new DocumentException($"{what} must be a finite number", node.Position);
}
