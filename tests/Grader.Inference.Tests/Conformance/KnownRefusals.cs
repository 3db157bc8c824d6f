namespace Grader.Inference.Tests.Conformance;

/// <summary>
/// Node-test cases of implemented operators that the engine refuses at load with a clear message,
/// and why. The conformance test checks both ways: every case listed is refused, and no other case
/// of an implemented operator is.
/// </summary>
internal static class KnownRefusals
{
    private const string Windows3D = "3D windows (the engine convolves and pools 1D and 2D)";
    private const string Training = "training mode (students export with model.eval())";

    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["test_averagepool_3d_default"] = Windows3D,
        ["test_maxpool_3d_default"] = Windows3D,
        ["test_batchnorm_epsilon_training_mode"] = Training,
        ["test_batchnorm_example_training_mode"] = Training,
        ["test_training_dropout"] = Training,
        ["test_training_dropout_default"] = Training,
        ["test_training_dropout_default_mask"] = Training,
        ["test_training_dropout_mask"] = Training,
        ["test_maxpool_2d_uint8"] = "pooling of integer tensors",
        ["test_maxpool_with_argmax_2d_precomputed_pads"] = "MaxPool's indices output",
        ["test_maxpool_with_argmax_2d_precomputed_strides"] = "MaxPool's indices output",
        ["test_resize_downsample_scales_cubic_align_corners"] = "align_corners with a fractional in·scale (ONNX's reference and onnxruntime differ)",
        ["test_resize_downsample_scales_linear_align_corners"] = "align_corners with a fractional in·scale (ONNX's reference and onnxruntime differ)",
    };
}
