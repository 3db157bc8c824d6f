using Grader.Core.Documents;

namespace Grader.Core.Rubrics;

/// <summary>The <c>model:</c> block of a model item: data set, metric, threshold, scoring.</summary>
internal static class ModelItemLoader
{
    private static readonly string[] KnownFormats = ["onnx", "pt", "pth", "safetensors"];

    public static ModelCheck Read(DocNode node)
    {
        var fields = new MappingFields(node, "'model'");
        var dataset = fields.RequiredText("dataset");
        var metric = fields.OptionalText("metric") ?? "accuracy";
        if (metric != "accuracy") throw new DocumentException($"metric '{metric}' is not supported (accuracy)", fields.Position);
        var thresholdNode = fields.Required("threshold");
        var threshold = MappingFields.Number(thresholdNode, "threshold");
        if (threshold is <= 0 or > 1) throw new DocumentException("'threshold' is a fraction in (0, 1]", thresholdNode.Position);
        var rampFrom = ReadScoring(fields.Optional("scoring"), threshold);
        var formats = fields.OptionalTextList("formats") is { Count: > 0 } listed ? listed : ["onnx"];
        foreach (var format in formats)
            if (!KnownFormats.Contains(format))
                throw new DocumentException($"format '{format}' is not one of: {string.Join(", ", KnownFormats)}", fields.Position);
        fields.RejectUnknownKeys();
        return new ModelCheck(new ModelRequirement(dataset, metric, threshold, rampFrom, formats));
    }

    /// <summary><c>threshold</c> (all or nothing) or <c>{ ramp_from: x }</c> (linear from x up to the threshold).</summary>
    private static double? ReadScoring(DocNode? node, double threshold)
    {
        if (node is null || node is DocNode.Scalar { Text: "threshold" }) return null;
        var fields = new MappingFields(node, "'scoring' (threshold, or { ramp_from: x })");
        var rampNode = fields.Required("ramp_from");
        var rampFrom = MappingFields.Number(rampNode, "ramp_from");
        fields.RejectUnknownKeys();
        return rampFrom >= 0 && rampFrom < threshold
            ? rampFrom
            : throw new DocumentException("'ramp_from' must be at least 0 and below the threshold", rampNode.Position);
    }
}
