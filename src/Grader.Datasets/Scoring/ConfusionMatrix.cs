namespace Grader.Datasets.Scoring;

/// <summary>
/// Classification results accumulated from (true label, predicted class) pairs: counts
/// <c>[label, predicted]</c> (rows are true labels), from which top-1 accuracy and per-class
/// accuracy (recall) follow. Pure arithmetic, no I/O. Not thread-safe.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    public ConfusionMatrix(int classCount)
    {
        if (classCount is < 1 or > 100_000)
            throw new ArgumentOutOfRangeException(nameof(classCount));
        ClassCount = classCount;
        _counts = new long[classCount * classCount];
    }

    public int ClassCount { get; }
    /// <summary>Pairs added.</summary>
    public long Total { get; private set; }
    /// <summary>Pairs whose prediction equals the label.</summary>
    public long Correct { get; private set; }

    /// <summary>Top-1 accuracy, Correct / Total (0 when nothing was added).</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>Number of images of class <paramref name="label"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int label, int predicted]
    {
        get
        {
            CheckClass(label, nameof(label));
            CheckClass(predicted, nameof(predicted));
            return _counts[label * ClassCount + predicted];
        }
    }

    public void Add(int label, int predicted)
    {
        CheckClass(label, nameof(label));
        CheckClass(predicted, nameof(predicted));
        _counts[label * ClassCount + predicted]++;
        Total++;
        if (label == predicted)
            Correct++;
    }

    /// <summary>
    /// Adds a batch of model outputs: <paramref name="logits"/> holds <c>labels.Length * ClassCount</c>
    /// values (row-major [N, ClassCount]); each row's prediction is its <see cref="ArgMax"/>.
    /// </summary>
    public void AddLogits(ReadOnlySpan<float> logits, ReadOnlySpan<byte> labels)
    {
        if (logits.Length != labels.Length * ClassCount)
            throw new ArgumentException(
                $"{logits.Length} logits for {labels.Length} images of {ClassCount} classes (expected {labels.Length * ClassCount})", nameof(logits));
        for (int i = 0; i < labels.Length; i++)
            Add(labels[i], ArgMax(logits.Slice(i * ClassCount, ClassCount)));
    }

    /// <summary>Images of class <paramref name="label"/>.</summary>
    public long ClassTotal(int label)
    {
        CheckClass(label, nameof(label));
        long sum = 0;
        for (int p = 0; p < ClassCount; p++)
            sum += _counts[label * ClassCount + p];
        return sum;
    }

    /// <summary>Images of class <paramref name="label"/> predicted correctly.</summary>
    public long ClassCorrect(int label)
    {
        CheckClass(label, nameof(label));
        return _counts[label * ClassCount + label];
    }

    /// <summary>Per-class accuracy (recall): correct / images of that class; null for a class with no image.</summary>
    public double?[] PerClassAccuracy()
    {
        var result = new double?[ClassCount];
        for (int c = 0; c < ClassCount; c++)
        {
            long total = ClassTotal(c);
            result[c] = total == 0 ? null : (double)ClassCorrect(c) / total;
        }
        return result;
    }

    /// <summary>The counts as rows (true label) of columns (predicted class).</summary>
    public long[][] ToRows()
    {
        var rows = new long[ClassCount][];
        for (int l = 0; l < ClassCount; l++)
            rows[l] = _counts.AsSpan(l * ClassCount, ClassCount).ToArray();
        return rows;
    }

    /// <summary>
    /// Index of the largest value, the first one on ties. A NaN counts as larger than any number
    /// (the first NaN wins), as <c>torch.argmax</c> does; a row of NaNs is thus predicted as class 0.
    /// </summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
            throw new ArgumentException("no values", nameof(values));
        int best = 0;
        float max = values[0];
        if (float.IsNaN(max))
            return 0;
        for (int i = 1; i < values.Length; i++)
        {
            float v = values[i];
            if (float.IsNaN(v))
                return i;
            if (v > max)
            {
                max = v;
                best = i;
            }
        }
        return best;
    }

    private void CheckClass(int c, string name)
    {
        if ((uint)c >= (uint)ClassCount)
            throw new ArgumentOutOfRangeException(name, $"class {c} is outside 0..{ClassCount - 1}");
    }
}
