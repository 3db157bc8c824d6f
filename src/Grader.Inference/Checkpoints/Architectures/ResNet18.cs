namespace Grader.Inference.Checkpoints.Architectures;

/// <summary>torchvision.models.resnet18 with its exact state_dict key names: conv1/bn1, layer1..4
/// of two BasicBlocks (downsample.0/.1 where the shape changes), avgpool, fc.</summary>
internal static class ResNet18
{
    public static string Build(NetworkBuilder b, int classes, bool cifarStem, int width)
    {
        if (width is < 1 or > 1024) throw new ModelLoadException($"resnet18 width {width} is outside 1..1024");
        string x = cifarStem
            ? b.Conv(NetworkBuilder.Input, "conv1", 3, width, 3, 1, 1, bias: false)
            : b.Conv(NetworkBuilder.Input, "conv1", 3, width, 7, 2, 3, bias: false);
        x = b.Relu(b.BatchNorm(x, "bn1", width), "relu");
        if (!cifarStem) x = b.MaxPool(x, "maxpool", 3, 2, 1);
        int inplanes = width;
        for (int stage = 0; stage < 4; stage++)
        {
            int planes = width << stage, stride = stage == 0 ? 1 : 2;
            x = BasicBlock(b, x, $"layer{stage + 1}.0", inplanes, planes, stride);
            x = BasicBlock(b, x, $"layer{stage + 1}.1", planes, planes, 1);
            inplanes = planes;
        }
        x = b.Flatten(b.Node("GlobalAveragePool", "avgpool", [x]), "flatten");
        return b.Linear(x, "fc", inplanes, classes);
    }

    private static string BasicBlock(NetworkBuilder b, string x, string m, int inplanes, int planes, int stride)
    {
        string y = b.Relu(b.BatchNorm(b.Conv(x, $"{m}.conv1", inplanes, planes, 3, stride, 1, bias: false), $"{m}.bn1", planes), $"{m}.relu");
        y = b.BatchNorm(b.Conv(y, $"{m}.conv2", planes, planes, 3, 1, 1, bias: false), $"{m}.bn2", planes);
        string identity = x;
        if (stride != 1 || inplanes != planes)
            identity = b.BatchNorm(b.Conv(x, $"{m}.downsample.0", inplanes, planes, 1, stride, bias: false), $"{m}.downsample.1", planes);
        return b.Relu(b.Node("Add", m, [y, identity]), $"{m}.relu");
    }
}
