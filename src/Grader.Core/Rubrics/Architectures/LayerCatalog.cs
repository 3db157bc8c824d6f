namespace Grader.Core.Rubrics;

/// <summary>How a layer argument is written in a rubric.</summary>
public enum LayerArgumentKind
{
    /// <summary>A whole number, at least <see cref="LayerArgument.Min"/>.</summary>
    Whole,
    /// <summary>A whole number or a pair [h, w] (PyTorch's int-or-tuple sizes), each at least <see cref="LayerArgument.Min"/>.</summary>
    Size,
    /// <summary>Any finite number.</summary>
    Number,
    /// <summary>true or false.</summary>
    Flag,
    /// <summary>One of <see cref="LayerArgument.Choices"/>.</summary>
    Text,
}

/// <summary>One constructor argument of a layer type, under PyTorch's name. <see cref="Only"/>: the one
/// value the grader can honour (e.g. BatchNorm must track running statistics), with <see cref="Why"/>.</summary>
public sealed record LayerArgument(string Name, LayerArgumentKind Kind, bool Required = false, double Min = double.NegativeInfinity)
{
    public IReadOnlyList<string> Choices { get; init; } = [];
    public double? Only { get; init; }
    public string? Why { get; init; }
}

/// <summary>
/// The torch.nn modules a rubric's layer list may name, with the constructor arguments each takes
/// (the engine's builder, Grader.Inference's LayerList, accepts exactly these; a test holds the two
/// lists equal). Arguments that change nothing at inference (inplace, momentum, a PReLU's init)
/// are accepted so a list can be copied from the course's code.
/// </summary>
public static class LayerCatalog
{
    private static LayerArgument Count(string name) => new(name, LayerArgumentKind.Whole, Required: true, Min: 1);
    private static LayerArgument Size(string name, double min, bool required = false) => new(name, LayerArgumentKind.Size, required, min);
    private static LayerArgument Flag(string name) => new(name, LayerArgumentKind.Flag);
    private static LayerArgument Number(string name) => new(name, LayerArgumentKind.Number);
    private static readonly LayerArgument Inplace = Flag("inplace");

    private static LayerArgument[] Norm() =>
    [
        Count("num_features"), Number("eps"), Number("momentum"), Flag("affine"),
        Flag("track_running_stats") with { Only = 1, Why = "with track_running_stats: false BatchNorm normalises with each batch's own statistics even in eval mode, which the grader does not do" },
    ];

    public static IReadOnlyDictionary<string, IReadOnlyList<LayerArgument>> Types { get; } = new Dictionary<string, IReadOnlyList<LayerArgument>>(StringComparer.Ordinal)
    {
        ["Conv2d"] =
        [
            Count("in_channels"), Count("out_channels"), Size("kernel_size", 1, required: true), Size("stride", 1), Size("padding", 0), Size("dilation", 1),
            new("groups", LayerArgumentKind.Whole, Min: 1), Flag("bias"), new("padding_mode", LayerArgumentKind.Text) { Choices = ["zeros"] },
        ],
        ["Linear"] = [Count("in_features"), Count("out_features"), Flag("bias")],
        ["BatchNorm2d"] = Norm(),
        ["BatchNorm1d"] = Norm(),
        ["ReLU"] = [Inplace],
        ["ReLU6"] = [Inplace],
        ["LeakyReLU"] = [Number("negative_slope"), Inplace],
        ["PReLU"] = [new("num_parameters", LayerArgumentKind.Whole, Min: 1), Number("init")],
        ["ELU"] = [Number("alpha"), Inplace],
        ["GELU"] = [new("approximate", LayerArgumentKind.Text) { Choices = ["none", "tanh"] }],
        ["Sigmoid"] = [],
        ["Tanh"] = [],
        ["MaxPool2d"] =
        [
            Size("kernel_size", 1, required: true), Size("stride", 1), Size("padding", 0),
            Size("dilation", 1) with { Only = 1, Why = "only dilation 1 is supported" },
            Flag("return_indices") with { Only = 0, Why = "return_indices: true returns a tuple, which a layer list cannot pass on" },
            Flag("ceil_mode"),
        ],
        ["AvgPool2d"] = [Size("kernel_size", 1, required: true), Size("stride", 1), Size("padding", 0), Flag("ceil_mode"), Flag("count_include_pad")],
        ["AdaptiveAvgPool2d"] = [Size("output_size", 1, required: true)],
        ["Flatten"] = [new("start_dim", LayerArgumentKind.Whole), new("end_dim", LayerArgumentKind.Whole) { Only = -1, Why = "only end_dim -1 is supported" }],
        ["Dropout"] = [Number("p"), Inplace],
        ["Dropout2d"] = [Number("p"), Inplace],
        ["Identity"] = [],
        ["Softmax"] = [new("dim", LayerArgumentKind.Whole)],
        ["LogSoftmax"] = [new("dim", LayerArgumentKind.Whole)],
        ["Sequential"] = [],
    };

    /// <summary>The types a <c>residual:</c> block's <c>activation</c> may be (applied after the sum).</summary>
    public static IReadOnlyList<string> Activations { get; } = ["ReLU", "ReLU6", "LeakyReLU", "PReLU", "ELU", "GELU", "Sigmoid", "Tanh", "Identity"];

    /// <summary>The type name of a <c>residual:</c> block.</summary>
    public const string Residual = "Residual";
}
