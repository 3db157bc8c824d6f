using Grader.Core.Numerics;

namespace Grader.Core.Reference;

/// <summary>
/// A fully-connected layer y = W x + b with W of shape (out, in). A vector W of length in is a
/// single output neuron (y = Σ wᵢ xᵢ + b, a scalar). x is one example (a vector of length in) or a
/// batch with one example per row (n, in), giving y of shape (n, out).
/// </summary>
public static class Dense
{
    public static NdArray Forward(NdArray weights, NdArray x, NdArray? bias = null)
    {
        var layer = Layer.Of(weights, x);
        if (bias is not null)
            Check.That(bias.Length == layer.Out,
                $"bias must have one value per output ({layer.Out}), got shape {Check.Shape(bias)}");
        var y = new double[layer.Batch * layer.Out];
        for (int b = 0; b < layer.Batch; b++)
            for (int o = 0; o < layer.Out; o++)
            {
                double sum = bias?.Data[o] ?? 0;
                for (int i = 0; i < layer.In; i++) sum += weights.Data[o * layer.In + i] * x.Data[b * layer.In + i];
                y[b * layer.Out + o] = sum;
            }
        return new NdArray(layer.OutputShape, y);
    }

    /// <summary>
    /// dL/dx = Wᵀ g, with g = dL/dy shaped like the output: a vector (out) for one example, a matrix
    /// (n, out) for a batch, giving (n, in). For a vector W (one neuron) g is a scalar, or a vector
    /// of n values for a batch.
    /// </summary>
    public static NdArray BackwardInput(NdArray weights, NdArray gradOutput)
    {
        Check.Rank(weights, "the weight matrix W", 1, 2);
        int outputs = weights.Rank == 1 ? 1 : weights.Shape[0], inputs = weights.Shape[^1];
        // A vector W has one output: its gradient is a scalar per example (a vector for a batch).
        bool batched = gradOutput.Rank == weights.Rank;
        bool fits = weights.Rank == 1
            ? gradOutput.Rank <= 1
            : batched ? gradOutput.Shape[1] == outputs : gradOutput.Rank <= 1 && gradOutput.Length == outputs;
        Check.That(fits,
            $"the output gradient must have one entry per output of W ({outputs}) for each example, got shape {Check.Shape(gradOutput)}");
        int batch = batched ? gradOutput.Shape[0] : 1;
        Check.Work((long)batch * outputs * inputs, "this dense gradient");
        var dx = new double[batch * inputs];
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < outputs; o++)
            {
                double g = gradOutput.Data[b * outputs + o];
                for (int i = 0; i < inputs; i++) dx[b * inputs + i] += weights.Data[o * inputs + i] * g;
            }
        return batched ? new NdArray([batch, inputs], dx) : new NdArray([inputs], dx);
    }

    /// <summary>
    /// dL/dW = g xᵀ, summed over the rows of a batch: shape (out, in). A scalar g (per example) is a
    /// single output neuron whose W is a vector, so dL/dW is then a vector of length in.
    /// </summary>
    public static NdArray BackwardWeights(NdArray x, NdArray gradOutput)
    {
        Check.Rank(x, "the dense input x", 1, 2);
        bool batched = x.Rank == 2;
        int batch = batched ? x.Shape[0] : 1, inputs = x.Shape[^1];
        bool singleNeuron = batched ? gradOutput.Rank == 1 : gradOutput.Rank == 0;
        bool fits = batched
            ? gradOutput.Rank is 1 or 2 && gradOutput.Shape[0] == batch
            : gradOutput.Rank <= 1;
        Check.That(fits,
            $"the output gradient does not fit the input: x is {Check.Shape(x)}, the gradient {Check.Shape(gradOutput)}" +
            (batched ? $" (expected {batch} row(s), one per example)" : " (expected a scalar or a vector)"));
        int outputs = singleNeuron ? 1 : gradOutput.Shape[^1];
        Check.Work((long)batch * outputs * inputs, "this dense gradient");
        var dw = new double[outputs * inputs];
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < outputs; o++)
            {
                double g = gradOutput.Data[b * outputs + o];
                for (int i = 0; i < inputs; i++) dw[o * inputs + i] += g * x.Data[b * inputs + i];
            }
        return singleNeuron ? new NdArray([inputs], dw) : new NdArray([outputs, inputs], dw);
    }

    /// <summary>dL/db = g for one example (a vector); for a batch (a matrix, one row per example) the column sums.</summary>
    public static NdArray BackwardBias(NdArray gradOutput)
    {
        if (gradOutput.Rank <= 1) return gradOutput;
        Check.Rank(gradOutput, "the output gradient", 0, 1, 2);
        int rows = gradOutput.Shape[0], cols = gradOutput.Shape[1];
        var db = new double[cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) db[c] += gradOutput.Data[r * cols + c];
        return new NdArray([cols], db);
    }

    /// <summary>Sizes of one dense call.</summary>
    private sealed record Layer(int Out, int In, int Batch, int[] OutputShape)
    {
        public static Layer Of(NdArray weights, NdArray x)
        {
            var (outputs, inputs) = Sizes(weights);
            Check.Rank(x, "the dense input x", 1, 2);
            int length = x.Shape[^1];
            Check.That(length == inputs,
                $"W has {inputs} column(s) but x has {length} entr{(length == 1 ? "y" : "ies")}" +
                (x.Rank == 2 ? " per row" : ""));
            int batch = x.Rank == 2 ? x.Shape[0] : 1;
            int[] shape = (x.Rank, weights.Rank) switch
            {
                (2, 1) => [batch],
                (2, _) => [batch, outputs],
                (_, 1) => [],
                _ => [outputs],
            };
            Check.Work((long)batch * outputs * inputs, "this dense layer");
            return new Layer(outputs, inputs, batch, shape);
        }

        private static (int Out, int In) Sizes(NdArray weights)
        {
            Check.Rank(weights, "the weight matrix W", 1, 2);
            return weights.Rank == 1 ? (1, weights.Shape[0]) : (weights.Shape[0], weights.Shape[1]);
        }
    }
}
