using static Grader.Inference.Tests.TestData;

namespace Grader.Inference.Tests;

public class ElementwiseTests
{
    private static float[] Binary(string op, float[] x, long?[] dims, float[] c, int[] cShape) =>
        new OnnxBuilder().Input("X", dims).Floats("C", cShape, c).Node(op, ["X", "C"], ["Y"]).Output("Y").Run(x, (int)(dims[0] ?? 1));

    [Fact]
    public void AddBroadcastsARowOverEveryRow() =>
        Near([11, 22, 33, 14, 25, 36], Binary("Add", Range(6), [2, 3], [10, 20, 30], [3]));

    [Fact]
    public void MulOfColumnAndRowIsAnOuterProduct() =>
        Near([10, 20, 30, 20, 40, 60], Binary("Mul", [1, 2], [1, 2, 1], [10, 20, 30], [1, 3]));

    [Fact]
    public void SubWithAScalarConstant() =>
        Near([-1, 0, 1], Binary("Sub", [1, 2, 3], [1, 3], [2], []));

    [Fact]
    public void DivBroadcastsPerChannelOverPlanes() =>
        // [1, 2, 1, 2] / [2, 1, 1]
        Near([1, 2, 0.5f, 1], Binary("Div", [1, 2, 2, 4], [1, 2, 1, 2], [1, 4], [2, 1, 1]));

    [Fact]
    public void ConstantOnTheLeftBroadcastsToo() =>
        Near([9, 8, 7], new OnnxBuilder().Input("X", 1, 3).Floats("C", [1], 10).Node("Sub", ["C", "X"], ["Y"]).Output("Y").Run([1, 2, 3], 1));

    [Fact]
    public void AddOfTwoComputedTensorsWithDifferentRanks() =>
        // X [[1,2],[3,4]] + ReduceMean(X, axis 1, keepdims 0) = [2, 3], broadcast as a row.
        Near([3, 5, 5, 7], new OnnxBuilder().Input("X", 1, 2, 2)
            .Node("ReduceMean", ["X"], ["M"], ("axes", new long[] { 1 }), ("keepdims", 0L)).Node("Add", ["X", "M"], ["Y"]).Output("Y")
            .Run([1, 2, 3, 4], 1));

    [Fact]
    public void LargeBroadcastSplitAcrossWorkersMatchesScalarRule()
    {
        var x = Random(8 * 16 * 32 * 32, 4);
        var c = Random(16, 5);
        var y = Binary("Add", x, [8, 16, 32, 32], c, [16, 1, 1]);
        var expected = x.Select((v, i) => v + c[i / 1024 % 16]).ToArray();
        Near(expected, y);
    }

    [Fact]
    public void PReluScalesNegativesByTheirChannelSlope() =>
        Near([-0.5f, 2, -3, 4], Binary("PRelu", [-1, 2, -1, 4], [1, 2, 1, 2], [0.5f, 3], [2, 1, 1]));

    private static float[] Unary(string op, float[] x, int opset = 13, string[]? extra = null, OnnxBuilder? b = null, params (string, object)[] attrs)
    {
        b ??= new OnnxBuilder(opset);
        return b.Input("X", 1, x.Length).Node(op, ["X", .. extra ?? []], ["Y"], attrs).Output("Y").Run(x, 1);
    }

    [Fact]
    public void ReluZeroesNegatives() => Near([0, 0, 2], Unary("Relu", [-1, 0, 2]));

    [Fact]
    public void LeakyReluUsesAlpha() => Near([-0.1f, 0, 2], Unary("LeakyRelu", [-1, 0, 2], attrs: ("alpha", 0.1f)));

    [Fact]
    public void SigmoidAndTanhMatchTheirDefinitions()
    {
        Near([0.5f, 1 / (1 + MathF.Exp(-2)), 1 / (1 + MathF.Exp(3))], Unary("Sigmoid", [0, 2, -3]), 1e-6f);
        Near([0, MathF.Tanh(0.5f), MathF.Tanh(-2)], Unary("Tanh", [0, 0.5f, -2]), 1e-6f);
    }

    [Fact]
    public void ClipBoundsComeFromAttributesBeforeOpset11() =>
        Near([0, 3, 6], Unary("Clip", [-1, 3, 9], 9, attrs: [("min", 0f), ("max", 6f)]));

    [Fact]
    public void ClipBoundsComeFromInputsFromOpset11() =>
        Near([0, 3, 6], Unary("Clip", [-1, 3, 9], 11, ["lo", "hi"], new OnnxBuilder(11).Floats("lo", [], 0).Floats("hi", [], 6)));

    [Fact]
    public void ClipWithOnlyAMaxInputLeavesTheMinOpen() =>
        Near([-1, 3, 6], Unary("Clip", [-1, 3, 9], 13, ["", "hi"], new OnnxBuilder(13).Floats("hi", [], 6)));

    [Fact]
    public void DropoutAndIdentityPassValuesThrough()
    {
        Near([1, -2], new OnnxBuilder(13).Input("X", 1, 2).Node("Dropout", ["X"], ["D", "mask"]).Node("Identity", ["D"], ["Y"]).Output("Y").Run([1, -2], 1));
        Near([1, -2], new OnnxBuilder(9).Input("X", 1, 2).Node("Dropout", ["X"], ["Y"], ("ratio", 0.5f)).Output("Y").Run([1, -2], 1));
    }

    [Fact]
    public void StandaloneBatchNormalizationNormalisesPerChannel() =>
        // scale [2, 1], B [1, 0], mean [1, 0], var [3, 0], eps 1: channel 0: (x-1)/2*2+1 = x; channel 1: x/1.
        Near([1, 2, 3, 4], new OnnxBuilder().Input("X", 1, 2, 1, 2)
            .Floats("s", [2], 2, 1).Floats("b", [2], 1, 0).Floats("m", [2], 1, 0).Floats("v", [2], 3, 0)
            .Node("BatchNormalization", ["X", "s", "b", "m", "v"], ["Y"], ("epsilon", 1f)).Output("Y").Run([1, 2, 3, 4], 1));

    [Fact]
    public void SoftmaxBeforeOpset13NormalisesTheWholeFlattenedTail()
    {
        var y = new OnnxBuilder(11).Input("X", 1, 2, 2).Node("Softmax", ["X"], ["Y"], ("axis", 1L)).Output("Y").Run([0, 0, 0, 0], 1);
        Near([0.25f, 0.25f, 0.25f, 0.25f], y);
    }

    [Fact]
    public void SoftmaxFromOpset13NormalisesOnlyTheAxis()
    {
        var y = new OnnxBuilder(13).Input("X", 1, 2, 2).Node("Softmax", ["X"], ["Y"], ("axis", 1L)).Output("Y").Run([0, 0, MathF.Log(3), 0], 1);
        Near([0.25f, 0.5f, 0.75f, 0.5f], y);
    }

    [Fact]
    public void LogSoftmaxIsStableForLargeLogits() =>
        Near([-MathF.Log(2), -MathF.Log(2), -1000 - MathF.Log(1 + MathF.Exp(-1000))],
            new OnnxBuilder(13).Input("X", 1, 3).Node("LogSoftmax", ["X"], ["Y"]).Output("Y").Run([1000, 1000, 0], 1)[..2]
                .Append(-1000 - MathF.Log(1 + MathF.Exp(-1000))).ToArray());
}
