using Grader.Core.Documents;

namespace Grader.Core.Rubrics;

/// <summary>
/// The network an assignment fixes, for items that accept PyTorch state_dicts (.pt/.pth,
/// .safetensors): <c>{ name: resnet18, classes: 43, cifar_stem: true, width: 64 }</c>,
/// <c>{ name: lenet5 }</c> or <c>{ layers: [...] }</c>. Pure data; the evaluator builds it.
/// </summary>
public sealed record ModelArchitecture(string? Name, int? Classes, bool CifarStem, int? Width, IReadOnlyList<ModelLayer> Layers);

/// <summary>One layer of a layer list: a torch.nn class name, its name in the state_dict keys
/// (null: its index, as in nn.Sequential), constructor arguments (booleans as 0/1) and, for
/// Sequential, its children.</summary>
public sealed record ModelLayer(string Type, string? Name, IReadOnlyDictionary<string, double> Args, IReadOnlyList<ModelLayer> Layers);

/// <summary>Reads the <c>architecture:</c> entry of a <c>model:</c> block.</summary>
internal static class ModelArchitectureReader
{
    private static readonly string[] Names = ["resnet18", "lenet5"];

    public static ModelArchitecture? Read(DocNode? node)
    {
        if (node is null) return null;
        var fields = new MappingFields(node, "'architecture' ({ name: resnet18|lenet5, classes: n } or { layers: [...] })");
        var name = fields.OptionalText("name");
        var classes = fields.OptionalNumber("classes");
        var width = fields.OptionalNumber("width");
        var cifarStem = fields.OptionalBool("cifar_stem", false);
        var layersNode = fields.Optional("layers");
        fields.RejectUnknownKeys();
        if ((name is null) == (layersNode is null))
            throw new DocumentException("'architecture' gives either a 'name' (resnet18, lenet5) or 'layers'", fields.Position);
        if (name is not null && !Names.Contains(name))
            throw new DocumentException($"architecture '{name}' is not one of: {string.Join(", ", Names)}", fields.Position);
        return new ModelArchitecture(name, WholeOrNull(classes, "classes", fields.Position), cifarStem,
            WholeOrNull(width, "width", fields.Position), layersNode is null ? [] : Layers(layersNode));
    }

    private static List<ModelLayer> Layers(DocNode node) =>
        node is DocNode.Sequence list && list.Items.Count > 0
            ? list.Items.Select(Layer).ToList()
            : throw new DocumentException("'layers' is a non-empty list of { type: Conv2d, ... }", node.Position);

    /// <summary><c>{ type: Conv2d, name: conv1, in_channels: 1, out_channels: 6, kernel_size: 5 }</c>;
    /// Sequential takes <c>layers</c>. Arguments are checked against the layer type when built.</summary>
    private static ModelLayer Layer(DocNode node)
    {
        if (node is not DocNode.Mapping map) throw new DocumentException("a layer is a mapping { type: ..., ... }", node.Position);
        string? type = null, name = null;
        List<ModelLayer> children = [];
        var args = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries)
        {
            switch (key.Text)
            {
                case "type": type = MappingFields.Text(value, "type"); break;
                case "name": name = MappingFields.Text(value, "name"); break;
                case "layers": children = Layers(value); break;
                default:
                    args[key.Text] = value is DocNode.Scalar s && s.TryGetBoolean(out bool b) ? (b ? 1 : 0) : MappingFields.Number(value, key.Text);
                    break;
            }
        }
        if (type is null) throw new DocumentException("a layer needs a 'type' (Conv2d, Linear, ReLU, ...)", node.Position);
        return new ModelLayer(type, name, args, children);
    }

    private static int? WholeOrNull(double? value, string key, SourcePosition position) =>
        value is null ? null
        : value >= 1 && value <= 100_000 && value == Math.Floor(value.Value) ? (int)value.Value
        : throw new DocumentException($"'{key}' is a whole number from 1 to 100000", position);
}
