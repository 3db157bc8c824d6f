using static Grader.Inference.Tests.TestData;

namespace Grader.Inference.Tests;

public class ShapeOpTests
{
    [Fact]
    public void ReshapeCopiesZeroDimsAndInfersMinusOne()
    {
        var m = new OnnxBuilder().Input("X", null, 2, 3).Longs("s", 0, -1).Node("Reshape", ["X", "s"], ["Y"]).Output("Y");
        using var c = new Cpu.CpuBackend().Compile(m.Load());
        Assert.Equal([6], c.OutputShape);
        Near(Range(12), c.Run(Range(12), 2));
    }

    [Fact]
    public void FlattenKeepsDimsBeforeTheAxis()
    {
        using var c = new Cpu.CpuBackend().Compile(OnnxBuilder.Single("Flatten", [null, 2, 2, 2], [], 13, ("axis", 1L)).Load());
        Assert.Equal([8], c.OutputShape);
    }

    [Fact]
    public void TransposePermutesAxes() =>
        Near([1, 4, 2, 5, 3, 6], OnnxBuilder.Single("Transpose", [1, 2, 3], [], 13, ("perm", new long[] { 0, 2, 1 })).Run(Range(6), 1));

    [Fact]
    public void ConcatJoinsComputedAndConstantTensors() =>
        Near([1, 2, 9, 3, 4, 9], new OnnxBuilder().Input("X", 1, 2, 2).Floats("C", [1, 2, 1], 9, 9)
            .Node("Concat", ["X", "C"], ["Y"], ("axis", 2L)).Output("Y").Run([1, 2, 3, 4], 1));

    [Fact]
    public void SliceWithNegativeStepReversesAndClampsHugeEnds() =>
        Near([6, 4, 3, 1], new OnnxBuilder().Input("X", 1, 2, 3)
            .Longs("st", -1, -1).Longs("en", long.MinValue, long.MinValue).Longs("ax", 1, 2).Longs("sp", -1, -2)
            .Node("Slice", ["X", "st", "en", "ax", "sp"], ["Y"]).Output("Y").Run(Range(6), 1));

    [Fact]
    public void SliceBeforeOpset10TakesAttributes() =>
        Near([2, 3, 5, 6], new OnnxBuilder(9).Input("X", 1, 2, 3)
            .Node("Slice", ["X"], ["Y"], ("starts", new long[] { 1 }), ("ends", new long[] { long.MaxValue }), ("axes", new long[] { 2 })).Output("Y").Run(Range(6), 1));

    [Fact]
    public void GatherPicksAChannelAndDropsTheAxis() =>
        Near([3, 4], new OnnxBuilder().Input("X", 1, 2, 2).Raw(Scalar("i", 1))
            .Node("Gather", ["X", "i"], ["Y"], ("axis", 1L)).Output("Y").Run(Range(4), 1));

    [Fact]
    public void PadAddsConstantBordersFromInputsFromOpset11() =>
        Near([7, 1, 2, 7, 7, 3, 4, 7], new OnnxBuilder(11).Input("X", 1, 2, 2).Longs("p", 0, 0, 1, 0, 0, 1).Floats("v", [], 7)
            .Node("Pad", ["X", "p", "v"], ["Y"]).Output("Y").Run(Range(4), 1));

    [Fact]
    public void PadTakesAttributesBeforeOpset11() =>
        Near([0, 1, 2, 0, 3, 4], new OnnxBuilder(9).Input("X", 1, 2, 2)
            .Node("Pad", ["X"], ["Y"], ("pads", new long[] { 0, 0, 1, 0, 0, 0 })).Output("Y").Run(Range(4), 1));

    [Fact]
    public void ReduceMeanTakesAxesAsAttributeBeforeOpset18AndAsInputFrom18()
    {
        Near([1.5f, 3.5f], new OnnxBuilder(13).Input("X", 1, 2, 2).Node("ReduceMean", ["X"], ["Y"], ("axes", new long[] { -1 }), ("keepdims", 0L)).Output("Y").Run(Range(4), 1));
        Near([1.5f, 3.5f], new OnnxBuilder(18).Input("X", 1, 2, 2).Longs("a", -1).Node("ReduceMean", ["X", "a"], ["Y"], ("keepdims", 0L)).Output("Y").Run(Range(4), 1));
    }

    [Fact]
    public void SqueezeAndUnsqueezeTakeAttributesBefore13AndInputsFrom13()
    {
        using var a = new Cpu.CpuBackend().Compile(new OnnxBuilder(11).Input("X", null, 3)
            .Node("Unsqueeze", ["X"], ["U"], ("axes", new long[] { 1, 3 })).Node("Squeeze", ["U"], ["Y"], ("axes", new long[] { 3 })).Output("Y").Load());
        Assert.Equal([1, 3], a.OutputShape);
        using var b = new Cpu.CpuBackend().Compile(new OnnxBuilder(13).Input("X", null, 3).Longs("ax", 1, 3).Longs("sq", 3)
            .Node("Unsqueeze", ["X", "ax"], ["U"]).Node("Squeeze", ["U", "sq"], ["Y"]).Output("Y").Load());
        Assert.Equal([1, 3], b.OutputShape);
    }

    [Fact]
    public void ShapeArithmeticIsFoldedPerBatchSize()
    {
        // x.view(x.size(0), -1) as exported: Shape -> Gather(0) -> Unsqueeze -> Concat(-1) -> Reshape,
        // plus Cast and ConstantOfShape on the way.
        var m = new OnnxBuilder(13).Input("X", null, 2, 3)
            .Node("Shape", ["X"], ["s"]).Raw(Scalar("zero", 0)).Node("Gather", ["s", "zero"], ["n"], ("axis", 0L))
            .Longs("ax0", 0).Node("Unsqueeze", ["n", "ax0"], ["n1"]).Longs("minus1", -1)
            .Node("Concat", ["n1", "minus1"], ["target"], ("axis", 0L))
            .Node("Cast", ["target"], ["target64"], ("to", 7L))
            .Node("Reshape", ["X", "target64"], ["R"])
            .Longs("one", 1).Node("ConstantOfShape", ["one"], ["k"], ("value", OnnxBuilder.FloatTensor("", [1], [2f])))
            .Node("Mul", ["R", "k"], ["Y"]).Output("Y");
        using var c = new Cpu.CpuBackend().Compile(m.Load());
        Assert.Equal([6], c.OutputShape);
        foreach (int batch in new[] { 1, 3 })
            Near(Range(6 * batch).Select(v => v * 2).ToArray(), c.Run(Range(6 * batch), batch));
    }

    [Fact]
    public void SplitTakesSizesAsAttributeBefore13AndAsInputFrom13()
    {
        Near([1, 2, 5, 6, 3, 4, 7, 8], new OnnxBuilder(11).Input("X", 1, 2, 4)
            .Node("Split", ["X"], ["a", "b"], ("axis", 2L), ("split", new long[] { 2, 2 })).Node("Concat", ["a", "b"], ["Y"], ("axis", 1L)).Output("Y").Run(Range(8), 1));
        Near([2, 3, 4, 1, 6, 7, 8, 5], new OnnxBuilder(13).Input("X", 1, 2, 4).Longs("s", 1, 3)
            .Node("Split", ["X", "s"], ["a", "b"], ("axis", -1L)).Node("Concat", ["b", "a"], ["Y"], ("axis", 2L)).Output("Y").Run(Range(8), 1));
    }

    [Fact]
    public void ConstantNodesProvideValues() =>
        Near([2, 3], new OnnxBuilder().Input("X", 1, 2).Node("Constant", [], ["c"], ("value", OnnxBuilder.FloatTensor("", [], [1f])))
            .Node("Add", ["X", "c"], ["Y"]).Output("Y").Run([1, 2], 1));

    private static Onnx.Proto.TensorProto Scalar(string name, long v)
    {
        var t = new Onnx.Proto.TensorProto { Name = name, DataType = 7 };
        t.Int64Data.Add(v);
        return t;
    }
}
