using Grader.Core.Documents;

namespace Grader.Core.Rubrics;

/// <summary>The <c>model:</c> block of a model item: data set, metric, threshold, scoring, preprocessing.</summary>
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
        var preprocessing = ReadPreprocessing(fields.Optional("preprocessing"));
        var architecture = ModelArchitectureReader.Read(fields.Optional("architecture"));
        fields.RejectUnknownKeys();
        // A state_dict is weights only: the grader must know the network to load it into.
        if (architecture is null && formats.FirstOrDefault(f => f != "onnx") is { } weightsOnly)
            throw new DocumentException($"format '{weightsOnly}' holds weights only: give the network as 'architecture'", fields.Position);
        return new ModelCheck(new ModelRequirement(dataset, metric, threshold, rampFrom, formats)
        {
            Preprocessing = preprocessing,
            Architecture = architecture,
        });
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

    private static ModelPreprocessing ReadPreprocessing(DocNode? node)
    {
        if (node is null) return ModelPreprocessing.Default;
        var fields = new MappingFields(node, "'preprocessing'");
        var channelOrder = fields.OptionalText("channel_order") ?? "rgb";
        if (channelOrder is not ("rgb" or "bgr"))
            throw new DocumentException("'channel_order' is rgb or bgr", fields.Position);
        var channels = fields.OptionalNumber("channels");
        if (channels is not (null or 1 or 3)) throw new DocumentException("'channels' is 1 or 3", fields.Position);
        var interpolationNode = fields.Optional("interpolation");
        var interpolation = interpolationNode is null ? ModelPreprocessing.Default.Interpolation : MappingFields.Text(interpolationNode, "interpolation");
        if (!ModelPreprocessing.Interpolations.Contains(interpolation))
            throw new DocumentException($"'interpolation' is one of: {string.Join(", ", ModelPreprocessing.Interpolations)} (how the images are resized; "
                + "pil-bilinear is torchvision's Resize on PIL images)", interpolationNode!.Position);
        var preprocessing = new ModelPreprocessing
        {
            Resize = OptionalSize(fields, "resize"),
            Interpolation = interpolation,
            CenterCrop = OptionalSize(fields, "center_crop"),
            CropToRoi = fields.OptionalBool("crop_to_roi", false),
            ScaleToUnitRange = fields.OptionalBool("scale", true),
            Mean = OptionalNumbers(fields, "mean"),
            Std = OptionalNumbers(fields, "std"),
            Bgr = channelOrder == "bgr",
            Channels = (int?)channels,
            AllowSubmissionNormalization = fields.OptionalBool("allow_normalization", false),
            AllowedInputSizes = fields.OptionalTextList("allowed_input_sizes").Select(text => Size(text, fields.Position)).ToList(),
        };
        fields.RejectUnknownKeys();
        if ((preprocessing.Mean is null) != (preprocessing.Std is null))
            throw new DocumentException("give both 'mean' and 'std', or neither", fields.Position);
        return preprocessing;
    }

    private static PixelSize? OptionalSize(MappingFields fields, string key) =>
        fields.OptionalText(key) is { } text ? Size(text, fields.Position) : null;

    private static PixelSize Size(string text, SourcePosition position) =>
        PixelSize.TryParse(text, out var size)
            ? size
            : throw new DocumentException($"'{text}' is not an image size (HxW, e.g. 32x32)", position);

    private static IReadOnlyList<double>? OptionalNumbers(MappingFields fields, string key) => fields.Optional(key) switch
    {
        null => null,
        DocNode.Sequence list => list.Items.Select(item => MappingFields.Number(item, key)).ToList(),
        var single => [MappingFields.Number(single, key)],
    };
}
