using Grader.Core.Numerics;

namespace Grader.Core.Reference;

/// <summary>
/// Loss functions, always called (target, prediction), and their gradients w.r.t. the prediction.
/// </summary>
/// <remarks>
/// Cross-entropy takes a vector (one example) or a matrix (one example per row, averaged over the
/// rows, as PyTorch's default <c>reduction="mean"</c>). The target is a distribution (a one-hot
/// vector for a hard label); the <c>*Index</c> variants take a 0-based class index instead, as
/// PyTorch does (class y of a 1-based sheet is index y − 1). BCE, MSE and L1 average over all
/// elements.
/// </remarks>
public static class Losses
{
    /// <summary>PyTorch clamps log in BCE at −100 so that ŷ ∈ {0, 1} gives a large finite loss.</summary>
    public const double BceLogClamp = -100;

    /// <summary>PyTorch's floor for ŷ(1 − ŷ) in the BCE gradient.</summary>
    public const double BceGradEpsilon = 1e-12;

    /// <summary>H(y, p) = −Σ y_k log p_k; terms with y_k = 0 count 0 even where p_k = 0.</summary>
    public static double CrossEntropy(NdArray target, NdArray prediction)
    {
        int rows = Examples(target, prediction, "cross-entropy");
        double sum = 0;
        for (int i = 0; i < target.Length; i++)
        {
            double y = target.Data[i];
            if (y == 0) continue;
            double p = prediction.Data[i];
            Check.That(p > 0,
                $"cross-entropy is infinite: predicted probability {p} for a class with target {y} (log of a non-positive number)");
            sum -= y * Math.Log(p);
        }
        return sum / rows;
    }

    /// <summary>∂H/∂p_k = −y_k / p_k (divided by the number of rows for a batch).</summary>
    public static NdArray CrossEntropyGrad(NdArray target, NdArray prediction)
    {
        int rows = Examples(target, prediction, "cross-entropy");
        var grad = new double[target.Length];
        for (int i = 0; i < grad.Length; i++)
        {
            double y = target.Data[i], p = prediction.Data[i];
            if (y == 0) continue;
            Check.That(p != 0, $"the cross-entropy gradient −y/p is undefined where p = 0 and y = {y}");
            grad[i] = -y / p / rows;
        }
        return new NdArray(prediction.Shape, grad);
    }

    /// <summary>−log p[classIndex], with a 0-based class index, for one probability vector.</summary>
    public static double CrossEntropyIndex(int classIndex, NdArray prediction) =>
        CrossEntropy(OneHot(classIndex, prediction), prediction);

    /// <summary>Cross-entropy of softmax(z): −Σ y_k log softmax(z)_k, computed stably with log-softmax.</summary>
    public static double CrossEntropyFromLogits(NdArray target, NdArray logits)
    {
        int rows = Examples(target, logits, "cross-entropy");
        var logP = Softmax.LogSoftmax(logits);
        double sum = 0;
        for (int i = 0; i < target.Length; i++) sum -= target.Data[i] * logP.Data[i];
        return sum / rows;
    }

    public static double CrossEntropyFromLogitsIndex(int classIndex, NdArray logits) =>
        CrossEntropyFromLogits(OneHot(classIndex, logits), logits);

    /// <summary>
    /// ∂/∂z of <see cref="CrossEntropyFromLogits"/>: softmax(z)·Σy − y, which is p − y for a
    /// target that sums to 1 (divided by the number of rows for a batch).
    /// </summary>
    public static NdArray CrossEntropyFromLogitsGrad(NdArray target, NdArray logits)
    {
        int rows = Examples(target, logits, "cross-entropy");
        var p = Softmax.Apply(logits);
        int width = logits.Shape[^1];
        var grad = new double[target.Length];
        for (int start = 0; start < grad.Length; start += width)
        {
            double mass = 0;
            for (int k = 0; k < width; k++) mass += target.Data[start + k];
            for (int k = 0; k < width; k++)
                grad[start + k] = (p.Data[start + k] * mass - target.Data[start + k]) / rows;
        }
        return new NdArray(logits.Shape, grad);
    }

    /// <summary>
    /// Binary cross-entropy −mean(y log ŷ + (1 − y) log(1 − ŷ)), ŷ ∈ [0, 1], each log clamped at −100.
    /// </summary>
    public static double BinaryCrossEntropy(NdArray target, NdArray prediction)
    {
        SameShape(target, prediction, "binary cross-entropy");
        double sum = 0;
        for (int i = 0; i < target.Length; i++)
        {
            double y = target.Data[i], p = prediction.Data[i];
            Check.That(p >= 0 && p <= 1, $"binary cross-entropy needs predictions in [0, 1], got {p}");
            sum -= y * Math.Max(Math.Log(p), BceLogClamp) + (1 - y) * Math.Max(Math.Log(1 - p), BceLogClamp);
        }
        return sum / target.Length;
    }

    /// <summary>∂BCE/∂ŷ = (ŷ − y) / max(ŷ(1 − ŷ), 1e-12) / n.</summary>
    public static NdArray BinaryCrossEntropyGrad(NdArray target, NdArray prediction)
    {
        SameShape(target, prediction, "binary cross-entropy");
        var grad = new double[target.Length];
        for (int i = 0; i < grad.Length; i++)
        {
            double y = target.Data[i], p = prediction.Data[i];
            Check.That(p >= 0 && p <= 1, $"binary cross-entropy needs predictions in [0, 1], got {p}");
            grad[i] = (p - y) / Math.Max(p * (1 - p), BceGradEpsilon) / grad.Length;
        }
        return new NdArray(prediction.Shape, grad);
    }

    /// <summary>Mean squared error mean((ŷ − y)²).</summary>
    public static double MeanSquaredError(NdArray target, NdArray prediction)
    {
        SameShape(target, prediction, "mean squared error");
        double sum = 0;
        for (int i = 0; i < target.Length; i++)
        {
            double d = prediction.Data[i] - target.Data[i];
            sum += d * d;
        }
        return sum / target.Length;
    }

    /// <summary>∂MSE/∂ŷ = 2(ŷ − y) / n.</summary>
    public static NdArray MeanSquaredErrorGrad(NdArray target, NdArray prediction)
    {
        SameShape(target, prediction, "mean squared error");
        int n = target.Length;
        var grad = new double[n];
        for (int i = 0; i < n; i++) grad[i] = 2 * (prediction.Data[i] - target.Data[i]) / n;
        return new NdArray(prediction.Shape, grad);
    }

    /// <summary>L1 loss mean(|ŷ − y|).</summary>
    public static double MeanAbsoluteError(NdArray target, NdArray prediction)
    {
        SameShape(target, prediction, "L1 loss");
        double sum = 0;
        for (int i = 0; i < target.Length; i++) sum += Math.Abs(prediction.Data[i] - target.Data[i]);
        return sum / target.Length;
    }

    /// <summary>∂L1/∂ŷ = sign(ŷ − y) / n, with sign(0) = 0 as in PyTorch.</summary>
    public static NdArray MeanAbsoluteErrorGrad(NdArray target, NdArray prediction)
    {
        SameShape(target, prediction, "L1 loss");
        int n = target.Length;
        var grad = new double[n];
        for (int i = 0; i < n; i++) grad[i] = (double)Math.Sign(prediction.Data[i] - target.Data[i]) / n;
        return new NdArray(prediction.Shape, grad);
    }

    /// <summary>Checks a cross-entropy pair and returns the number of examples (rows).</summary>
    private static int Examples(NdArray target, NdArray prediction, string loss)
    {
        Check.Rank(prediction, $"the {loss} prediction", 1, 2);
        SameShape(target, prediction, loss);
        return prediction.Rank == 2 ? Math.Max(prediction.Shape[0], 1) : 1;
    }

    private static void SameShape(NdArray target, NdArray prediction, string loss)
    {
        Check.That(target.SameShape(prediction),
            $"{loss}: the target and the prediction must have the same shape, got {Check.Shape(target)} and {Check.Shape(prediction)}");
        Check.That(target.Length > 0, $"{loss} of empty arrays is undefined");
        Check.Finite(target, "the target");
        Check.Finite(prediction, "the prediction");
    }

    private static NdArray OneHot(int classIndex, NdArray prediction)
    {
        Check.Rank(prediction, "the prediction", 1);
        Check.That(classIndex >= 0 && classIndex < prediction.Length,
            $"class index {classIndex} is out of range: the classes are numbered 0 to {prediction.Length - 1} (0-based)");
        var target = NdArray.Zeros(prediction.Length);
        target.Data[classIndex] = 1;
        return target;
    }
}
