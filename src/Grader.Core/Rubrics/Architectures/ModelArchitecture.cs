using Grader.Core.Documents;

namespace Grader.Core.Rubrics;

/// <summary>
/// The network an assignment fixes, for items that accept PyTorch state_dicts (.pt/.pth,
/// .safetensors): <c>{ name: resnet18, classes: 43, cifar_stem: true, width: 64 }</c>,
/// <c>{ name: lenet5 }</c> or <c>{ layers: [...] }</c>. Pure data; the evaluator builds it.
/// </summary>
public sealed record ModelArchitecture(string? Name, int? Classes, bool CifarStem, int? Width, IReadOnlyList<ModelLayer> Layers)
{
    /// <summary>Where the rubric gives it, for problems found when the network is built.</summary>
    public SourcePosition Position { get; init; }
}

/// <summary>One layer of a layer list: a torch.nn class name (see <see cref="LayerCatalog"/>), its name
/// in the state_dict keys (null: its index, as in nn.Sequential), constructor arguments and, for
/// Sequential and Residual, its children. A Residual block is <c>After(Layers(x) + Shortcut(x))</c>,
/// the shortcut the identity when null.</summary>
public sealed record ModelLayer(string Type, string? Name, IReadOnlyDictionary<string, LayerValue> Args, IReadOnlyList<ModelLayer> Layers)
{
    public ModelLayer? Shortcut { get; init; }
    public ModelLayer? After { get; init; }
}

/// <summary>A constructor argument: a number (booleans as 0/1), a pair such as <c>kernel_size: [3, 5]</c>, or text.</summary>
public readonly record struct LayerValue(double Number, double? Second = null, string? Text = null);
