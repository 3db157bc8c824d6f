using System.Text.Json;
using Grader.Core.Rubrics;
using Grader.Evaluation;
using Grader.Worker.Sandbox.Protocol;

namespace Grader.Worker.Tests.Sandbox;

/// <summary>
/// The request the worker sends its sandbox child carries everything the rubric says about the
/// evaluation: a field lost on the pipe would make the child evaluate differently from the worker
/// (another resize method, a layer list without its residual shortcut) without any error.
/// </summary>
public sealed class ChildRequestTests
{
    private static ModelCheck LoadModelItem() => Assert.IsType<ModelCheck>(RubricLoader.Load("""
        id: sandbox-hw
        title: Everything a model item can say
        total: 2
        items:
          - id: net
            points: 2
            kind: model
            model:
              dataset: gtsrb
              threshold: 0.85
              scoring: { ramp_from: 0.5 }
              formats: [onnx, pt]
              preprocessing: { resize: 48x40, interpolation: pil-bicubic, crop_to_roi: true, center_crop: 40x40, channel_order: bgr,
                               mean: [0.3, 0.4, 0.5], std: [0.2, 0.25, 0.3], allow_normalization: true, allowed_input_sizes: [64x64] }
              architecture:
                layers:
                  - { type: Conv2d, name: stem, in_channels: 3, out_channels: 8, kernel_size: [3, 5], padding: [1, 2], bias: false }
                  - name: block
                    activation: ReLU
                    shortcut: { type: Conv2d, name: down, in_channels: 8, out_channels: 8, kernel_size: 1 }
                    residual: [ { type: Conv2d, name: conv, in_channels: 8, out_channels: 8, kernel_size: 3, padding: 1 },
                                { type: BatchNorm2d, name: bn, num_features: 8, affine: false } ]
                  - { type: AdaptiveAvgPool2d, output_size: [2, 3] }
                  - { type: Flatten, start_dim: 1 }
                  - { type: Linear, name: fc, in_features: 48, out_features: 43 }
        """, "sandbox-hw.yaml").Rubric!.FindItem("net")!.Check);

    [Fact]
    public void A_request_read_back_by_the_child_is_the_request_the_worker_sent()
    {
        var model = LoadModelItem();
        var sent = new ModelEvaluationRequest(new byte[] { 1 }, model.Requirement.Dataset, "/data", model.Requirement.Preprocessing)
        {
            Answer = new ModelAnswer("net.pt", [0.31, 0.41, 0.51], [0.21, 0.26, 0.31], null),
            Architecture = model.Requirement.Architecture,
            FileName = "net.pt",
            BatchSize = 32,
            TimeLimit = TimeSpan.FromMinutes(7),
            Limit = 500,
        };
        var request = ChildRequest.From(sent, ChildDevice.Cpu);

        var json = JsonSerializer.SerializeToUtf8Bytes(request, SandboxJson.Default.ChildRequest);
        var received = Frames.Parse(json, SandboxJson.Default.ChildRequest).ToEvaluation(new byte[] { 1 }, backend: null!);

        Assert.Equal("pil-bicubic", received.Preprocessing.Interpolation);
        Assert.Equal(sent.Preprocessing.Resize, received.Preprocessing.Resize);
        Assert.Equal(sent.Preprocessing.CenterCrop, received.Preprocessing.CenterCrop);
        Assert.True(received.Preprocessing.CropToRoi);
        Assert.Equal([0.3, 0.4, 0.5], received.Preprocessing.Mean!);
        Assert.True(received.Preprocessing.AllowSubmissionNormalization);
        Assert.True(received.Preprocessing.Bgr);
        Assert.Equal(sent.Preprocessing.AllowedInputSizes, received.Preprocessing.AllowedInputSizes);
        Assert.Equal([0.31, 0.41, 0.51], received.Answer!.Mean!);
        var block = received.Architecture!.Layers[1];
        Assert.Equal("down", block.Shortcut!.Name);
        Assert.Equal("ReLU", block.After!.Type);
        Assert.Equal(["conv", "bn"], block.Layers.Select(l => l.Name));
        Assert.Equal(new LayerValue(3, 5), received.Architecture.Layers[0].Args["kernel_size"]);
        Assert.Equal((32, 500, "net.pt", TimeSpan.FromMinutes(7)), (received.BatchSize, received.Limit, received.FileName, received.TimeLimit));
        // Whatever a later field is, it travels too: the request read back serialises as the one sent.
        Assert.Equal(JsonSerializer.Serialize(request, SandboxJson.Default.ChildRequest),
            JsonSerializer.Serialize(ChildRequest.From(received, ChildDevice.Cpu), SandboxJson.Default.ChildRequest));
    }

    [Fact]
    public void A_data_directory_relative_to_the_worker_reaches_the_child_as_an_absolute_path()
    {
        // scripts/run.sh starts the worker with --data-dir .data/datasets; the child runs in a scratch
        // folder (bubblewrap: /tmp), where that relative path names nothing.
        var sent = new ModelEvaluationRequest(new byte[] { 1 }, "fashion-mnist", ".data/datasets", new ModelPreprocessing());
        var request = ChildRequest.From(sent, ChildDevice.Cpu);
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, ".data", "datasets"), request.DataDirectory);
    }
}
