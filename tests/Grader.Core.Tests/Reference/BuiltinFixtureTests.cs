using System.Text.Json;
using Grader.Core.Expressions;
using Grader.Core.Numerics;
using Grader.Core.Tests.Reference.Support;
using static Grader.Core.Tests.Reference.Support.Builtins;

namespace Grader.Core.Tests.Reference;

/// <summary>
/// The PyTorch fixtures once more, through the expression-language functions: checks the argument
/// conversions (sizes, padding lists and strings, named parameters) end to end.
/// </summary>
public class BuiltinFixtureTests
{
    public static TheoryData<string, string> Cases() => TorchFixtures.Cases(
        "conv2d", "convolve2d", "conv1d", "convolve1d", "toeplitz", "maxpool2d", "avgpool2d", "relu", "leaky_relu",
        "prelu", "sigmoid", "tanh", "softmax", "cross_entropy", "cross_entropy_index", "cross_entropy_logits",
        "cross_entropy_logits_index", "bce", "mse", "l1", "dense", "ridge");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bindings_match_pytorch(string file, string name)
    {
        var c = TorchFixtures.Get(file, name);
        var expected = c.ExpectedTensors().ToDictionary(e => e.Key, e => e.Value);
        int checkedCount = 0;
        foreach (var (key, function, arguments) in Calls(c))
        {
            if (!expected.TryGetValue(key, out var value)) continue;
            AssertArray.Close(value, Array(function, arguments), label: $"{c} {function}");
            checkedCount++;
        }
        Assert.True(checkedCount > 0, $"{c}: nothing compared");
    }

    private static IEnumerable<(string Key, string Function, object[] Arguments)> Calls(FixtureCase c)
    {
        object A(string arg) => Arg(c.Arg(arg));
        (string, object) N(string parameter, string arg) => (parameter, A(arg));
        switch (c.Op)
        {
            case "conv2d" or "convolve2d" or "conv1d" or "convolve1d":
                var conv = new List<object> { A("x"), A("w"), N("stride", "stride"), N("padding", "padding"), N("dilation", "dilation"), N("groups", "groups") };
                if (c.Has("bias")) conv.Add(N("bias", "bias"));
                yield return ("out", c.Op, conv.ToArray());
                break;
            case "toeplitz":
                yield return ("out", "toeplitz", [A("kernel"), A("in_h"), A("in_w"), N("stride", "stride"), N("padding", "padding")]);
                break;
            case "maxpool2d" or "avgpool2d":
                var pool = new List<object> { A("x"), A("kernel"), N("padding", "padding") };
                if (c.Has("stride")) pool.Add(N("stride", "stride"));
                yield return ("out", c.Op, pool.ToArray());
                yield return ("grad_input", c.Op + "_backward", [A("x"), A("grad_output"), .. pool.Skip(1)]);
                break;
            case "relu":
                yield return ("out", "relu", [A("x")]);
                yield return ("grad_input", "relu_backward", [A("x"), A("grad_output")]);
                break;
            case "leaky_relu":
                yield return ("out", "lrelu", [A("x"), A("alpha")]);
                yield return ("grad_input", "lrelu_backward", [A("x"), A("grad_output"), A("alpha")]);
                break;
            case "prelu":
                yield return ("out", "prelu", [A("x"), A("alpha")]);
                yield return ("grad_input", "prelu_backward", [A("x"), A("grad_output"), A("alpha")]);
                yield return ("grad_alpha", "prelu_alpha_grad", [A("x"), A("grad_output")]);
                break;
            case "sigmoid":
                yield return ("out", "sigmoid", [A("x")]);
                yield return ("grad_input", "sigmoid_backward", [A("x"), A("grad_output")]);
                break;
            case "tanh": // tanh itself is a math built-in, registered elsewhere
                yield return ("grad_input", "tanh_backward", [A("x"), A("grad_output")]);
                break;
            case "softmax":
                yield return ("softmax", "softmax", [A("z")]);
                yield return ("log_softmax", "log_softmax", [A("z")]);
                yield return ("jacobian", "softmax_jacobian", [A("z")]);
                yield return ("backward", "softmax_backward", [A("z"), A("grad_output")]);
                break;
            case "cross_entropy":
                yield return ("loss", "cross_entropy", [A("y"), A("p")]);
                yield return ("grad", "cross_entropy_grad", [A("y"), A("p")]);
                break;
            case "cross_entropy_index":
                yield return ("loss", "cross_entropy_index", [A("index"), A("p")]);
                break;
            case "cross_entropy_logits":
                yield return ("loss", "cross_entropy_logits", [A("y"), A("z")]);
                yield return ("grad", "cross_entropy_logits_grad", [A("y"), A("z")]);
                break;
            case "cross_entropy_logits_index":
                yield return ("loss", "cross_entropy_logits_index", [A("index"), A("z")]);
                break;
            case "bce" or "mse" or "l1":
                yield return ("loss", c.Op, [A("y"), A("yhat")]);
                yield return ("grad", c.Op + "_grad", [A("y"), A("yhat")]);
                break;
            case "dense":
                yield return ("out", "dense", c.Has("b") ? [A("W"), A("x"), A("b")] : [A("W"), A("x")]);
                yield return ("grad_x", "dense_backward_x", [A("W"), A("grad_output")]);
                yield return ("grad_w", "dense_backward_w", [A("x"), A("grad_output")]);
                yield return ("grad_b", "dense_backward_b", [A("grad_output")]);
                break;
            case "ridge":
                yield return ("w", "ridge", [A("X"), A("y"), ("lambda", A("lambda"))]);
                break;
            default:
                throw new InvalidOperationException($"no binding for op {c.Op}");
        }
    }

    /// <summary>JSON argument → call argument: tensors and numbers as arrays, strings as text.</summary>
    private static object Arg(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => new Value.Text(json.GetString()!),
        JsonValueKind.Number => Value.Of(json.GetDouble()),
        JsonValueKind.Array => Value.Of(NdArray.Vector(json.EnumerateArray().Select(e => e.GetDouble()).ToArray())),
        _ => Value.Of(TorchFixtures.ToArray(json)),
    };
}
