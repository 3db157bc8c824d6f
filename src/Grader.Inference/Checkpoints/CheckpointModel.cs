using Grader.Inference.Checkpoints.Architectures;
using Grader.Inference.Onnx.Proto;

namespace Grader.Inference.Checkpoints;

/// <summary>A state_dict placed into the network its architecture describes, as ONNX.</summary>
internal static class CheckpointModel
{
    /// <summary>The network with the state_dict's tensors; without one (null), with zero weights.</summary>
    public static ModelProto ToOnnx(StateDict? stateDict, ArchitectureSpec architecture)
    {
        var sd = stateDict?.WithoutDataParallelPrefix();
        string name = architecture.Describe();
        switch (architecture.Name?.ToLowerInvariant())
        {
            case "resnet18":
            {
                var b = new NetworkBuilder([3, null, null]);
                var output = ResNet18.Build(b, Classes(architecture, 1000), architecture.CifarStem, architecture.Width ?? 64);
                return b.Build(output, sd, name);
            }
            case "lenet5":
            {
                var b = new NetworkBuilder(LeNet5.ImageDims);
                return b.Build(LeNet5.Build(b, Classes(architecture, 10)), sd, name);
            }
            case null:
            {
                var input = LayerList.InputShape(architecture);
                var b = new NetworkBuilder(input.Select(d => d >= 0 ? d : (int?)null).ToArray());
                return b.Build(LayerList.Build(b, new Flow(NetworkBuilder.Input, input), architecture.Layers, "").Name, sd, name);
            }
            default:
                throw new ModelLoadException($"architecture '{architecture.Name}' is not known (resnet18, lenet5, or a layer list)");
        }
    }

    private static int Classes(ArchitectureSpec a, int fallback) =>
        a.Classes is null or (>= 1 and <= 100_000) ? a.Classes ?? fallback : throw new ModelLoadException($"{a.Classes} classes is out of range");
}
