using System.Text.Json;
using Grader.Core.Numerics;
using Grader.Core.Reference;
using Grader.Core.Tests.Reference.Support;

namespace Grader.Core.Tests.Reference;

/// <summary>
/// The library against values PyTorch computed (float64, autograd for every gradient): each
/// fixture case is recomputed here and compared entry by entry within 1e-9.
/// </summary>
public class TorchFixtureTests
{
    public static TheoryData<string, string> TensorCases() => TorchFixtures.Cases(
        "conv2d", "convolve2d", "conv1d", "convolve1d", "toeplitz", "maxpool2d", "avgpool2d",
        "relu", "leaky_relu", "prelu", "sigmoid", "tanh", "softmax", "cross_entropy", "cross_entropy_index",
        "cross_entropy_logits", "cross_entropy_logits_index", "bce", "mse", "l1", "dense", "ridge");

    [Theory]
    [MemberData(nameof(TensorCases))]
    public void Library_matches_pytorch(string file, string name)
    {
        var c = TorchFixtures.Get(file, name);
        var actual = Compute(c);
        var expected = c.ExpectedTensors().ToList();
        Assert.NotEmpty(expected);
        foreach (var (key, value) in expected)
        {
            Assert.True(actual.ContainsKey(key), $"{c}: the test computes no '{key}'");
            AssertArray.Close(value, actual[key], label: $"{c} {key}");
        }
    }

    [Fact]
    public void Every_fixture_case_is_checked_by_some_test()
    {
        var covered = TensorCases().Select(row => (string)row[1]).ToHashSet();
        var networks = TorchFixtures.Cases("network").Select(row => (string)row[1]);
        var all = TorchFixtures.Files.SelectMany(TorchFixtures.Load).Select(c => c.Name);
        Assert.Empty(all.Except(covered).Except(networks));
    }

    private static Dictionary<string, NdArray> Compute(FixtureCase c) => c.Op switch
    {
        "conv2d" => Out(Convolution.CrossCorrelate2D(c.Tensor("x"), c.Tensor("w"), Conv2d(c))),
        "convolve2d" => Out(Convolution.Convolve2D(c.Tensor("x"), c.Tensor("w"), Conv2d(c))),
        "conv1d" => Out(Convolution.CrossCorrelate1D(c.Tensor("x"), c.Tensor("w"), Conv1d(c))),
        "convolve1d" => Out(Convolution.Convolve1D(c.Tensor("x"), c.Tensor("w"), Conv1d(c))),
        "toeplitz" => Out(Toeplitz.Matrix(c.Tensor("kernel"), c.Int("in_h"), c.Int("in_w"), Size(c.Ints("stride")), Padding2D(c.Arg("padding")))),
        "maxpool2d" => new()
        {
            ["out"] = Pooling.MaxPool2D(c.Tensor("x"), Size(c.Ints("kernel")), PoolStride(c), Size(c.Ints("padding"))),
            ["grad_input"] = Pooling.MaxPoolBackward(c.Tensor("x"), c.Tensor("grad_output"), Size(c.Ints("kernel")), PoolStride(c), Size(c.Ints("padding"))),
        },
        "avgpool2d" => new()
        {
            ["out"] = Pooling.AvgPool2D(c.Tensor("x"), Size(c.Ints("kernel")), PoolStride(c), Size(c.Ints("padding"))),
            ["grad_input"] = Pooling.AvgPoolBackward(c.Tensor("x"), c.Tensor("grad_output"), Size(c.Ints("kernel")), PoolStride(c), Size(c.Ints("padding"))),
        },
        "relu" => Activation(Activations.ReLU(c.Tensor("x")), Activations.ReLUBackward(c.Tensor("x"), c.Tensor("grad_output"))),
        "leaky_relu" => Activation(Activations.LeakyReLU(c.Tensor("x"), c.Double("alpha")),
            Activations.LeakyReLUBackward(c.Tensor("x"), c.Tensor("grad_output"), c.Double("alpha"))),
        "sigmoid" => Activation(Activations.Sigmoid(c.Tensor("x")), Activations.SigmoidBackward(c.Tensor("x"), c.Tensor("grad_output"))),
        "tanh" => Activation(Activations.Tanh(c.Tensor("x")), Activations.TanhBackward(c.Tensor("x"), c.Tensor("grad_output"))),
        "prelu" => new()
        {
            ["out"] = Activations.PReLU(c.Tensor("x"), c.Double("alpha")),
            ["grad_input"] = Activations.PReLUBackward(c.Tensor("x"), c.Tensor("grad_output"), c.Double("alpha")),
            ["grad_alpha"] = NdArray.Scalar(Activations.PReLUAlphaGrad(c.Tensor("x"), c.Tensor("grad_output"))),
        },
        "softmax" => SoftmaxAll(c),
        "cross_entropy" => Loss(Losses.CrossEntropy(c.Tensor("y"), c.Tensor("p")), Losses.CrossEntropyGrad(c.Tensor("y"), c.Tensor("p"))),
        "cross_entropy_index" => Loss(Losses.CrossEntropyIndex(c.Int("index"), c.Tensor("p")), null),
        "cross_entropy_logits" => Loss(Losses.CrossEntropyFromLogits(c.Tensor("y"), c.Tensor("z")),
            Losses.CrossEntropyFromLogitsGrad(c.Tensor("y"), c.Tensor("z"))),
        "cross_entropy_logits_index" => Loss(Losses.CrossEntropyFromLogitsIndex(c.Int("index"), c.Tensor("z")), null),
        "bce" => Loss(Losses.BinaryCrossEntropy(c.Tensor("y"), c.Tensor("yhat")), Losses.BinaryCrossEntropyGrad(c.Tensor("y"), c.Tensor("yhat"))),
        "mse" => Loss(Losses.MeanSquaredError(c.Tensor("y"), c.Tensor("yhat")), Losses.MeanSquaredErrorGrad(c.Tensor("y"), c.Tensor("yhat"))),
        "l1" => Loss(Losses.MeanAbsoluteError(c.Tensor("y"), c.Tensor("yhat")), Losses.MeanAbsoluteErrorGrad(c.Tensor("y"), c.Tensor("yhat"))),
        "dense" => new()
        {
            ["out"] = Dense.Forward(c.Tensor("W"), c.Tensor("x"), c.OptionalTensor("b")),
            ["grad_x"] = Dense.BackwardInput(c.Tensor("W"), c.Tensor("grad_output")),
            ["grad_w"] = Dense.BackwardWeights(c.Tensor("x"), c.Tensor("grad_output")),
            ["grad_b"] = Dense.BackwardBias(c.Tensor("grad_output")),
        },
        "ridge" => new() { ["w"] = Regression.Ridge(c.Tensor("X"), c.Tensor("y"), c.Double("lambda")) },
        _ => throw new InvalidOperationException($"no dispatch for op {c.Op}"),
    };

    private static Dictionary<string, NdArray> Out(NdArray y) => new() { ["out"] = y };

    private static Dictionary<string, NdArray> Activation(NdArray y, NdArray gradInput) =>
        new() { ["out"] = y, ["grad_input"] = gradInput };

    private static Dictionary<string, NdArray> Loss(double loss, NdArray? grad)
    {
        var result = new Dictionary<string, NdArray> { ["loss"] = NdArray.Scalar(loss) };
        if (grad is not null) result["grad"] = grad;
        return result;
    }

    private static Dictionary<string, NdArray> SoftmaxAll(FixtureCase c)
    {
        var z = c.Tensor("z");
        var result = new Dictionary<string, NdArray>
        {
            ["softmax"] = Softmax.Apply(z),
            ["log_softmax"] = Softmax.LogSoftmax(z),
            ["backward"] = Softmax.Backward(z, c.Tensor("grad_output")),
        };
        if (z.Rank == 1) result["jacobian"] = Softmax.Jacobian(z);
        return result;
    }

    private static Conv2dOptions Conv2d(FixtureCase c) => new()
    {
        Stride = Size(c.Ints("stride")),
        Padding = Padding2D(c.Arg("padding")),
        Dilation = Size(c.Ints("dilation")),
        Groups = c.Int("groups"),
        Bias = c.OptionalTensor("bias"),
    };

    private static Conv1dOptions Conv1d(FixtureCase c) => new()
    {
        Stride = c.Int("stride"),
        Padding = c.Arg("padding") switch
        {
            { ValueKind: JsonValueKind.String } s => Padding.Parse(s.GetString()!),
            { ValueKind: JsonValueKind.Number } n => Padding.Symmetric(n.GetInt32()),
            var lr => Padding.Explicit(0, 0, lr[0].GetInt32(), lr[1].GetInt32()),
        },
        Dilation = c.Int("dilation"),
        Groups = c.Int("groups"),
        Bias = c.OptionalTensor("bias"),
    };

    private static Padding Padding2D(JsonElement p) => p switch
    {
        { ValueKind: JsonValueKind.String } s => Padding.Parse(s.GetString()!),
        { ValueKind: JsonValueKind.Number } n => Padding.Symmetric(n.GetInt32()),
        _ => Padding.Explicit(p[0].GetInt32(), p[1].GetInt32(), p[2].GetInt32(), p[3].GetInt32()),
    };

    private static Size2 Size(int[] pair) => new(pair[0], pair[1]);

    private static Size2? PoolStride(FixtureCase c) => c.Has("stride") ? Size(c.Ints("stride")) : null;
}
