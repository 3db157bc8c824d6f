using System.Text.Json;
using Grader.Inference.Checkpoints;
using Grader.Inference.Checkpoints.Architectures;

namespace Grader.Inference.Tests.Checkpoints;

/// <summary>
/// Full-size resnet18 (43 classes, seed 004's fine-tune) against the key names and shapes that
/// torchvision.models.resnet18(num_classes=43).state_dict() lists: the file itself (45 MB) is
/// not stored, so a state_dict of zeros with exactly those keys stands in for it.
/// </summary>
public class TorchvisionKeysTests
{
    [Fact]
    public void Torchvisions_resnet18_state_dict_loads_and_takes_224x224_images()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(CheckpointFixture.PathOf("resnet18_torchvision_c43.keys.json")));
        var sd = new StateDict();
        foreach (var key in doc.RootElement.GetProperty("keys").EnumerateObject())
        {
            var shape = key.Value.EnumerateArray().Select(d => d.GetInt32()).ToArray();
            sd.Add(key.Name, new CheckpointTensor(shape, new float[shape.Aggregate(1, (a, b) => a * b)], "float32"));
        }
        var model = InferenceModel.FromStateDict(sd, ArchitectureSpec.ResNet18(43));
        Assert.Equal(doc.RootElement.GetProperty("float_elements").GetInt64(), model.ParameterCount);
        var check = model.CheckInputShape([3, 224, 224]);
        Assert.True(check.IsCompatible, check.Message);
        Assert.Contains("43", check.Message);
    }
}
