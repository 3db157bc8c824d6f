using Grader.Inference.Cpu;

namespace Grader.Inference.Tests;

/// <summary>End-to-end: models exported by PyTorch give PyTorch's outputs, for any batch size.</summary>
public class FixtureTests
{
    public static IEnumerable<object[]> Names => Fixture.All();

    [Theory]
    [MemberData(nameof(Names))]
    public void OutputsMatchPyTorchForBatchesOf1And4And7(string name)
    {
        var fx = Fixture.Load(name);
        var model = InferenceModel.Load(fx.ModelBytes);
        using var compiled = new CpuBackend().Compile(model);
        Assert.Equal(fx.ImageShape, compiled.ImageShape);
        Assert.Equal(fx.OutputShape, compiled.OutputShape);
        var input = fx.Input;
        var expected = fx.ExpectedOutput;
        foreach (int batch in new[] { 1, 4, 7 })
        {
            var output = compiled.Run(input.AsSpan(0, batch * compiled.ImageSize), batch);
            Outputs.AssertClose(expected.AsSpan(0, batch * compiled.OutputSize), output, $"{name} batch {batch}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ParameterCountMatchesPyTorch(string name)
    {
        var fx = Fixture.Load(name);
        var model = InferenceModel.Load(fx.ModelBytes);
        // The exporter may fold BatchNorm into conv weights (fewer, not more, parameters).
        Assert.InRange(model.ParameterCount, 1, fx.Parameters + 1000);
        Assert.NotNull(model.Cost);
        Assert.True(model.Cost!.FlopsPerImage > 0);
    }
}
