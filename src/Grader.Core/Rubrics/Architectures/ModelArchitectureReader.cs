using Grader.Core.Documents;

namespace Grader.Core.Rubrics;

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
            WholeOrNull(width, "width", fields.Position), layersNode is null ? [] : LayerListReader.Read(layersNode))
        {
            Position = fields.Position,
        };
    }

    private static int? WholeOrNull(double? value, string key, SourcePosition position) =>
        value is null ? null
        : value >= 1 && value <= 100_000 && value == Math.Floor(value.Value) ? (int)value.Value
        : throw new DocumentException($"'{key}' is a whole number from 1 to 100000", position);
}
