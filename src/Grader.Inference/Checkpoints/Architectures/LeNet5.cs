namespace Grader.Inference.Checkpoints.Architectures;

/// <summary>LeNet-5 on 1x32x32 images: conv1 6@5x5, relu, maxpool 2, conv2 16@5x5, relu,
/// maxpool 2, conv3 120@5x5, relu, fc1 84, relu, fc2 classes, log_softmax (the seed layout).</summary>
internal static class LeNet5
{
    public static readonly int?[] ImageDims = [1, 32, 32];

    public static string Build(NetworkBuilder b, int classes)
    {
        string x = b.MaxPool(b.Relu(b.Conv(NetworkBuilder.Input, "conv1", 1, 6, 5), "relu1"), "pool1", 2, 2);
        x = b.MaxPool(b.Relu(b.Conv(x, "conv2", 6, 16, 5), "relu2"), "pool2", 2, 2);
        x = b.Flatten(b.Relu(b.Conv(x, "conv3", 16, 120, 5), "relu3"), "flatten");
        x = b.Relu(b.Linear(x, "fc1", 120, 84), "relu4");
        return b.Node("LogSoftmax", "log_softmax", [b.Linear(x, "fc2", 84, classes)], ("axis", 1L));
    }
}
