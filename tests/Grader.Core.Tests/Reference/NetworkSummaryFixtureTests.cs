using System.Text.Json;
using Grader.Core.Reference;
using Grader.Core.Reference.Layers;
using Grader.Core.Tests.Reference.Support;

namespace Grader.Core.Tests.Reference;

/// <summary>Network summaries against shapes and parameter counts of real PyTorch modules.</summary>
public class NetworkSummaryFixtureTests
{
    public static TheoryData<string, string> Networks() => TorchFixtures.Cases("network");

    [Theory]
    [MemberData(nameof(Networks))]
    public void Summary_matches_pytorch_modules(string file, string name)
    {
        var c = TorchFixtures.Get(file, name);
        var layers = c.Arg("layers").EnumerateArray().Select(Layer).ToList();
        var summary = NetworkSummary.Summarize(c.Ints("input"), layers);

        var expected = c.Expected.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(expected.Count, summary.Layers.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), summary.Layers[i].OutputShape);
            Assert.Equal(expected[i].GetProperty("params").GetInt64(), summary.Layers[i].Parameters);
        }
        Assert.Equal(c.Expected.GetProperty("total").GetInt64(), summary.TotalParameters);
    }

    private static LayerSpec Layer(JsonElement spec)
    {
        int Int(string key, int fallback) => spec.TryGetProperty(key, out var v) ? v.GetInt32() : fallback;
        bool Bias() => !spec.TryGetProperty("bias", out var v) || v.GetBoolean();
        return spec.GetProperty("type").GetString() switch
        {
            "Conv2d" => new Conv2d(Int("out", 0), Int("k", 0), Int("stride", 1), Int("padding", 0), Bias(), Int("groups", 1)),
            "Linear" => new Linear(Int("out", 0), Bias()),
            "MaxPool2d" => new MaxPool2d(Int("k", 0), spec.TryGetProperty("stride", out var s) ? s.GetInt32() : null, Int("padding", 0)),
            "AvgPool2d" => new AvgPool2d(Int("k", 0), spec.TryGetProperty("stride", out var s) ? s.GetInt32() : null, Int("padding", 0)),
            "BatchNorm2d" => new BatchNorm2d(),
            "BatchNorm1d" => new BatchNorm1d(),
            "ReLU" => new ReLU(),
            "Sigmoid" => new Sigmoid(),
            "Dropout" => new Dropout(),
            "Flatten" => new Flatten(),
            "Softmax" => new Grader.Core.Reference.Layers.Softmax(),
            "LogSoftmax" => new LogSoftmax(),
            var other => throw new InvalidOperationException($"unknown layer {other}"),
        };
    }
}
