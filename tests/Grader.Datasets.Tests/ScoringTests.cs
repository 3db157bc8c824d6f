using System.Text.Json;
using Grader.Datasets.Scoring;

namespace Grader.Datasets.Tests;

public class ScoringTests
{
    [Fact]
    public void ConfusionMatrix_ByHand()
    {
        // labels 0 0 1 1 2 2, predictions 0 1 1 1 0 2: 4 of 6 right; class 0: 1/2, class 1: 2/2, class 2: 1/2.
        var m = new ConfusionMatrix(3);
        int[] labels = [0, 0, 1, 1, 2, 2];
        int[] predictions = [0, 1, 1, 1, 0, 2];
        for (int i = 0; i < 6; i++)
            m.Add(labels[i], predictions[i]);
        Assert.Equal(6, m.Total);
        Assert.Equal(4, m.Correct);
        Assert.Equal(4.0 / 6.0, m.Accuracy);
        Assert.Equal(new double?[] { 0.5, 1.0, 0.5 }, m.PerClassAccuracy());
        Assert.Equal(new long[][] { [1, 1, 0], [0, 2, 0], [1, 0, 1] }, m.ToRows());
        Assert.Equal(1, m[2, 0]);
        Assert.Equal(2, m.ClassTotal(1));
    }

    [Fact]
    public void AddLogits_UsesArgmax()
    {
        var m = new ConfusionMatrix(3);
        float[] logits =
        [
            0.1f, 2.0f, -1f,   // -> 1
            5f, 5f, 1f,        // tie -> first, 0
            -3f, -2f, -1f,     // -> 2
            1f, float.NaN, 9f, // NaN wins, as torch.argmax -> 1
        ];
        m.AddLogits(logits, [1, 1, 2, 0]);
        Assert.Equal(2, m.Correct);
        Assert.Equal(1, m[1, 0]);
        Assert.Equal(1, m[0, 1]);
        Assert.Throws<ArgumentException>(() => m.AddLogits(new float[5], [0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Add(3, 0));
    }

    [Fact]
    public void EmptyClass_HasNoAccuracy()
    {
        var m = new ConfusionMatrix(2);
        m.Add(0, 0);
        Assert.Equal(new double?[] { 1.0, null }, m.PerClassAccuracy());
        Assert.Equal(0, new ConfusionMatrix(2).Accuracy);
    }

    [FashionMnistFact]
    public void PyTorchsConfusionMatrix_GivesPyTorchsFigures()
    {
        // Rebuild the (label, prediction) pairs of the fixture's confusion matrix and check that the
        // math reproduces PyTorch's own correct count, accuracy and per-class counts.
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.FashionFixture("expected.json")));
        var root = doc.RootElement;
        var rows = root.GetProperty("confusion_matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        var m = new ConfusionMatrix(10);
        for (int l = 0; l < 10; l++)
            for (int p = 0; p < 10; p++)
                for (int k = 0; k < rows[l][p]; k++)
                    m.Add(l, p);
        Assert.Equal(root.GetProperty("count").GetInt32(), m.Total);
        Assert.Equal(root.GetProperty("correct").GetInt32(), m.Correct);
        Assert.Equal(root.GetProperty("accuracy").GetDouble(), m.Accuracy);
        var perClass = root.GetProperty("per_class_correct").EnumerateArray().Select(v => (long)v.GetInt32()).ToArray();
        Assert.Equal(perClass, Enumerable.Range(0, 10).Select(m.ClassCorrect));
    }

    [Theory]
    [InlineData(0.70, 0.70, null, 1.0)]   // at the threshold: full
    [InlineData(0.95, 0.70, null, 1.0)]
    [InlineData(0.6999, 0.70, null, 0.0)] // just below, no ramp: nothing
    [InlineData(0.65, 0.70, 0.60, 0.5)]   // halfway up the ramp
    [InlineData(0.625, 0.70, 0.60, 0.25)]
    [InlineData(0.62, 0.70, 0.60, 0.2)]
    [InlineData(0.60, 0.70, 0.60, 0.0)]   // at ramp_from: nothing
    [InlineData(0.30, 0.70, 0.60, 0.0)]
    [InlineData(0.85, 0.85, 0.75, 1.0)]
    public void ModelScore_ThresholdAndRamp(double accuracy, double threshold, double? rampFrom, double fraction)
    {
        var s = ModelScore.Compute(accuracy, threshold, rampFrom, maxPoints: 4);
        Assert.Equal(fraction, s.Fraction, 12);
        Assert.Equal(4 * fraction, s.Points, 12);
        Assert.Equal(accuracy >= threshold, s.MeetsThreshold);
    }

    [Fact]
    public void ModelScore_FromCounts_IsExactAtTheThreshold()
    {
        Assert.Equal(5, ModelScore.Compute(7000, 10_000, 0.70, null, 5).Points);
        Assert.Equal(0, ModelScore.Compute(6999, 10_000, 0.70, null, 5).Points);
        // GTSRB: 85 % of 12,630 is 10,735.5, so 10,736 passes and 10,735 does not.
        Assert.True(ModelScore.Compute(10_736, 12_630, 0.85).MeetsThreshold);
        Assert.False(ModelScore.Compute(10_735, 12_630, 0.85).MeetsThreshold);
    }

    [Theory]
    [InlineData(1.2, 0.7, null)]
    [InlineData(0.5, 1.5, null)]
    [InlineData(0.5, 0.7, 0.7)]
    [InlineData(0.5, 0.7, 0.8)]
    [InlineData(double.NaN, 0.7, null)]
    public void ModelScore_RejectsNonsense(double accuracy, double threshold, double? rampFrom) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelScore.Compute(accuracy, threshold, rampFrom));
}
