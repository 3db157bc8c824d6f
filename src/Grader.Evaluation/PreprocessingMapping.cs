using Grader.Core.Rubrics;
using Grader.Datasets.Preprocessing;

namespace Grader.Evaluation;

/// <summary>Translates the rubric's preprocessing (pure data in Grader.Core) to the data-set layer's.</summary>
internal static class PreprocessingMapping
{
    public static PreprocessingSpec ToSpec(ModelPreprocessing rubric) => new()
    {
        Resize = Size(rubric.Resize),
        Interpolation = ResizeInterpolations.Parse(rubric.Interpolation),
        CenterCrop = Size(rubric.CenterCrop),
        CropToRoi = rubric.CropToRoi,
        ScaleToUnitRange = rubric.ScaleToUnitRange,
        Mean = Floats(rubric.Mean),
        Std = Floats(rubric.Std),
        ChannelOrder = rubric.Bgr ? ChannelOrder.Bgr : ChannelOrder.Rgb,
        Channels = rubric.Channels,
        AllowSubmissionNormalization = rubric.AllowSubmissionNormalization,
        AllowedInputSizes = rubric.AllowedInputSizes.Select(s => new ImageSize(s.Height, s.Width)).ToList(),
    };

    public static SubmissionPreprocessing? ToSubmission(ModelAnswer? answer) =>
        answer is null || (answer.Mean is null && answer.Std is null && answer.InputSize is null)
            ? null
            : new SubmissionPreprocessing { Mean = Floats(answer.Mean), Std = Floats(answer.Std), InputSize = Size(answer.InputSize) };

    private static ImageSize? Size(PixelSize? size) => size is { } s ? new ImageSize(s.Height, s.Width) : null;

    private static float[]? Floats(IReadOnlyList<double>? values) => values?.Select(v => (float)v).ToArray();
}
