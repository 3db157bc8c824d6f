using Grader.Core.Numerics;
using Grader.Core.Reference;

namespace Grader.Core.Expressions.Builtins;

/// <summary>
/// The reference math library as expression-language functions (snake_case, named and optional
/// parameters). Conventions for rubric authors:
/// <list type="bullet">
/// <item><c>conv2d</c> is the deep-learning "convolution", i.e. cross-correlation (kernel not
/// flipped); <c>correlate2d</c> is another name for it; <c>convolve2d</c> flips the kernel.</item>
/// <item>Sizes (kernel, stride, dilation) are a number or a pair <c>[h, w]</c>.</item>
/// <item><c>padding</c> is "same", "valid", a number p (p on each side), <c>[ph, pw]</c> or
/// <c>[top, bottom, left, right]</c> (1-D: p or <c>[left, right]</c>).</item>
/// <item>Losses take the target first: <c>mse(y, yhat)</c>. Class indices are 0-based.</item>
/// <item>Flags such as <c>bias</c> are 1 (yes) or 0 (no).</item>
/// </list>
/// Argument errors (from the library or from the converters below, all <see cref="ArgumentException"/>)
/// reach the student as an <see cref="EvaluationException"/> whose message starts with the function name.
/// </summary>
public static class ReferenceBuiltins
{
    public static FunctionTable AddReferenceLibrary(this FunctionTable table) => table
        .AddConvolutions()
        .AddPooling()
        .AddActivations()
        .AddLosses()
        .AddLayersAndRegression()
        .AddArithmetic()
        .AddMatricesAndVariants();

    private static FunctionTable AddConvolutions(this FunctionTable table) => table
        .Def("conv2d", ["x", "k"], ["stride", "padding", "dilation", "groups", "bias"],
            "2-D convolution as in deep learning (cross-correlation, kernel not flipped); x (H,W), (C,H,W) or (N,C,H,W), k (kh,kw) or (F,C/groups,kh,kw); padding \"same\" (TensorFlow split, extra at bottom/right), \"valid\" or numbers",
            a => Value.Of(Convolution.CrossCorrelate2D(a.Tensor("x"), a.Tensor("k"), Conv2d(a))))
        .Alias("correlate2d", "conv2d")
        .Def("convolve2d", ["x", "k"], ["stride", "padding", "dilation", "groups", "bias"],
            "true 2-D convolution: conv2d with the kernel flipped along both spatial axes",
            a => Value.Of(Convolution.Convolve2D(a.Tensor("x"), a.Tensor("k"), Conv2d(a))))
        .Def("conv1d", ["x", "k"], ["stride", "padding", "dilation", "groups", "bias"],
            "1-D convolution as in deep learning (cross-correlation); x (L), (C,L) or (N,C,L), k (k) or (F,C/groups,k)",
            a => Value.Of(Convolution.CrossCorrelate1D(a.Tensor("x"), a.Tensor("k"), Conv1d(a))))
        .Alias("correlate1d", "conv1d")
        .Def("convolve1d", ["x", "k"], ["stride", "padding", "dilation", "groups", "bias"],
            "true 1-D convolution: conv1d with the kernel reversed",
            a => Value.Of(Convolution.Convolve1D(a.Tensor("x"), a.Tensor("k"), Conv1d(a))));

    private static FunctionTable AddPooling(this FunctionTable table) => table
        .Def("maxpool2d", ["x", "kernel"], ["stride", "padding"],
            "2-D max pooling over the last two axes; stride defaults to the kernel size",
            a => Value.Of(Pooling.MaxPool2D(a.Tensor("x"), Size(a, "kernel"), OptionalSize(a, "stride"), PoolPadding(a))))
        .Def("avgpool2d", ["x", "kernel"], ["stride", "padding"],
            "2-D average pooling (zero padding counts in the average); stride defaults to the kernel size",
            a => Value.Of(Pooling.AvgPool2D(a.Tensor("x"), Size(a, "kernel"), OptionalSize(a, "stride"), PoolPadding(a))))
        .Def("maxpool2d_backward", ["x", "grad", "kernel"], ["stride", "padding"],
            "dL/dx of max pooling: each output gradient goes to its window's maximum (first in row-major order on ties)",
            a => Value.Of(Pooling.MaxPoolBackward(a.Tensor("x"), a.Tensor("grad"), Size(a, "kernel"), OptionalSize(a, "stride"), PoolPadding(a))))
        .Def("avgpool2d_backward", ["x", "grad", "kernel"], ["stride", "padding"],
            "dL/dx of average pooling: each output gradient is shared equally by its window",
            a => Value.Of(Pooling.AvgPoolBackward(a.Tensor("x"), a.Tensor("grad"), Size(a, "kernel"), OptionalSize(a, "stride"), PoolPadding(a))));

    private static FunctionTable AddActivations(this FunctionTable table) => table
        .Def("relu", ["x"], [], "max(x, 0) element-wise",
            a => Value.Of(Activations.ReLU(a.Tensor("x"))))
        .Def("relu_backward", ["x", "grad"], [], "dL/dx of relu: grad where x > 0, else 0",
            a => Value.Of(Activations.ReLUBackward(a.Tensor("x"), a.Tensor("grad"))))
        .Alias("relu_grad", "relu_backward")
        .Def("lrelu", ["x"], ["alpha"], "leaky ReLU: x for x >= 0, alpha*x otherwise (alpha defaults to 0.01)",
            a => Value.Of(Activations.LeakyReLU(a.Tensor("x"), a.Scalar("alpha", Activations.DefaultLeakyAlpha))))
        .Alias("leaky_relu", "lrelu")
        .Def("lrelu_backward", ["x", "grad"], ["alpha"], "dL/dx of lrelu: grad where x > 0, alpha*grad otherwise",
            a => Value.Of(Activations.LeakyReLUBackward(a.Tensor("x"), a.Tensor("grad"), a.Scalar("alpha", Activations.DefaultLeakyAlpha))))
        .Alias("leaky_relu_backward", "lrelu_backward")
        .Def("prelu", ["x", "alpha"], [], "parametric ReLU with one shared alpha: x for x >= 0, alpha*x otherwise",
            a => Value.Of(Activations.PReLU(a.Tensor("x"), a.Scalar("alpha"))))
        .Def("prelu_backward", ["x", "grad", "alpha"], [], "dL/dx of prelu: grad where x > 0, alpha*grad otherwise",
            a => Value.Of(Activations.PReLUBackward(a.Tensor("x"), a.Tensor("grad"), a.Scalar("alpha"))))
        .Def("prelu_alpha_grad", ["x", "grad"], [], "dL/dalpha of prelu: sum of grad*x over the elements with x < 0",
            a => Value.Of(Activations.PReLUAlphaGrad(a.Tensor("x"), a.Tensor("grad"))))
        .Def("sigmoid", ["x"], [], "1/(1 + exp(-x)) element-wise",
            a => Value.Of(Activations.Sigmoid(a.Tensor("x"))))
        .Def("sigmoid_backward", ["x", "grad"], [], "dL/dx of sigmoid: grad*s*(1-s) with s = sigmoid(x)",
            a => Value.Of(Activations.SigmoidBackward(a.Tensor("x"), a.Tensor("grad"))))
        .Def("tanh_backward", ["x", "grad"], [], "dL/dx of tanh: grad*(1 - tanh(x)^2)",
            a => Value.Of(Activations.TanhBackward(a.Tensor("x"), a.Tensor("grad"))))
        .Def("softmax", ["z"], [], "softmax along the last axis (each row of a matrix), max-subtracted for stability",
            a => Value.Of(Softmax.Apply(a.Tensor("z"))))
        .Def("log_softmax", ["z"], [], "log of softmax along the last axis, computed stably",
            a => Value.Of(Softmax.LogSoftmax(a.Tensor("z"))))
        .Def("softmax_jacobian", ["z"], [], "dp_i/dz_j of p = softmax(z) for a vector z: diag(p) - p p^T",
            a => Value.Of(Softmax.Jacobian(a.Tensor("z"))))
        .Def("softmax_backward", ["z", "grad"], [], "dL/dz given dL/dp for p = softmax(z): p*(grad - sum(grad*p))",
            a => Value.Of(Softmax.Backward(a.Tensor("z"), a.Tensor("grad"))));

    private static FunctionTable AddLosses(this FunctionTable table) => table
        .Def("cross_entropy", ["y", "p"], [], "-sum(y*log(p)) for a target distribution y (one-hot for a label) and probabilities p; rows of a matrix are averaged",
            a => Value.Of(Losses.CrossEntropy(a.Tensor("y"), a.Tensor("p"))))
        .Def("cross_entropy_grad", ["y", "p"], [], "dL/dp of cross_entropy: -y/p",
            a => Value.Of(Losses.CrossEntropyGrad(a.Tensor("y"), a.Tensor("p"))))
        .Def("cross_entropy_index", ["i", "p"], [], "-log(p[i]) with a 0-BASED class index i (class y of a 1-based sheet is i = y - 1)",
            a => Value.Of(Losses.CrossEntropyIndex(a.Integer("i"), a.Tensor("p"))))
        .Def("cross_entropy_logits", ["y", "z"], [], "cross-entropy of softmax(z) against the target distribution y",
            a => Value.Of(Losses.CrossEntropyFromLogits(a.Tensor("y"), a.Tensor("z"))))
        .Def("cross_entropy_logits_index", ["i", "z"], [], "-log(softmax(z)[i]) with a 0-BASED class index i",
            a => Value.Of(Losses.CrossEntropyFromLogitsIndex(a.Integer("i"), a.Tensor("z"))))
        .Def("cross_entropy_logits_grad", ["y", "z"], [], "dL/dz of cross_entropy_logits: softmax(z) - y (for y summing to 1)",
            a => Value.Of(Losses.CrossEntropyFromLogitsGrad(a.Tensor("y"), a.Tensor("z"))))
        .Def("bce", ["y", "yhat"], [], "binary cross-entropy -mean(y*log(yhat) + (1-y)*log(1-yhat)), logs clamped at -100 as PyTorch",
            a => Value.Of(Losses.BinaryCrossEntropy(a.Tensor("y"), a.Tensor("yhat"))))
        .Alias("binary_cross_entropy", "bce")
        .Def("bce_grad", ["y", "yhat"], [], "dL/dyhat of bce: (yhat - y)/(yhat*(1 - yhat))/n",
            a => Value.Of(Losses.BinaryCrossEntropyGrad(a.Tensor("y"), a.Tensor("yhat"))))
        .Def("mse", ["y", "yhat"], [], "mean squared error mean((yhat - y)^2)",
            a => Value.Of(Losses.MeanSquaredError(a.Tensor("y"), a.Tensor("yhat"))))
        .Def("mse_grad", ["y", "yhat"], [], "dL/dyhat of mse: 2*(yhat - y)/n",
            a => Value.Of(Losses.MeanSquaredErrorGrad(a.Tensor("y"), a.Tensor("yhat"))))
        .Def("l1", ["y", "yhat"], [], "L1 loss mean(|yhat - y|)",
            a => Value.Of(Losses.MeanAbsoluteError(a.Tensor("y"), a.Tensor("yhat"))))
        .Def("l1_grad", ["y", "yhat"], [], "dL/dyhat of l1: sign(yhat - y)/n",
            a => Value.Of(Losses.MeanAbsoluteErrorGrad(a.Tensor("y"), a.Tensor("yhat"))));

    private static FunctionTable AddLayersAndRegression(this FunctionTable table) => table
        .Def("dense", ["W", "x"], ["b"], "fully-connected layer W x + b; W (out,in) or a vector (one neuron); x a vector or a batch (n,in)",
            a => Value.Of(Dense.Forward(a.Tensor("W"), a.Tensor("x"), a.OptionalTensor("b"))))
        .Def("dense_backward_x", ["W", "grad"], [], "dL/dx = W^T grad",
            a => Value.Of(Dense.BackwardInput(a.Tensor("W"), a.Tensor("grad"))))
        .Def("dense_backward_w", ["x", "grad"], [], "dL/dW = grad x^T (summed over a batch; a vector when grad is a scalar)",
            a => Value.Of(Dense.BackwardWeights(a.Tensor("x"), a.Tensor("grad"))))
        .Def("dense_backward_b", ["grad"], [], "dL/db = grad (column sums for a batch)",
            a => Value.Of(Dense.BackwardBias(a.Tensor("grad"))))
        .Def("ridge", ["X", "y", "lambda"], [], "minimiser of (1/n)||Xw - y||^2 + lambda ||w||^2: (X^T X + n lambda I)^-1 X^T y",
            a => Value.Of(Regression.Ridge(a.Tensor("X"), a.Tensor("y"), a.Scalar("lambda"))))
        .Def("ols", ["X", "y"], [], "ordinary least squares (X^T X)^-1 X^T y",
            a => Value.Of(Regression.OrdinaryLeastSquares(a.Tensor("X"), a.Tensor("y"))));

    private static FunctionTable AddArithmetic(this FunctionTable table) => table
        .Def("conv_output_size", ["in", "k"], ["p", "s", "d"], "floor((in + 2p - d(k-1) - 1)/s) + 1, with p zeros on EACH side (as torch)",
            a => Value.Of(ConvArithmetic.ConvOutputSize(a.Integer("in"), a.Integer("k"), a.Integer("p", 0), a.Integer("s", 1), a.Integer("d", 1))))
        .Def("same_output_size", ["in"], ["s"], "output size with \"same\" padding: ceil(in/s)",
            a => Value.Of(ConvArithmetic.SameOutputSize(a.Integer("in"), a.Integer("s", 1))))
        .Def("pool_output_size", ["in", "k"], ["s", "p"], "pooling output size floor((in + 2p - k)/s) + 1, s defaults to k",
            a => Value.Of(ConvArithmetic.PoolOutputSize(a.Integer("in"), a.Integer("k"), a.Has("s") ? a.Integer("s") : null, a.Integer("p", 0))))
        .Def("conv_transpose_output_size", ["in", "k"], ["s", "p", "output_padding", "d"], "(in - 1)s - 2p + d(k-1) + output_padding + 1",
            a => Value.Of(ConvArithmetic.TransposedConvOutputSize(a.Integer("in"), a.Integer("k"), a.Integer("s", 1), a.Integer("p", 0), a.Integer("output_padding", 0), a.Integer("d", 1))))
        .Def("conv2d_params", ["k", "c_in", "c_out"], ["bias", "groups"], "parameters of Conv2d: k_h*k_w*(c_in/groups)*c_out (+ c_out biases)",
            a => Count(ParameterCounts.Conv2d(Size(a, "k"), a.Integer("c_in"), a.Integer("c_out"), Flag(a, "bias"), a.Integer("groups", 1))))
        .Def("linear_params", ["in", "out"], ["bias"], "parameters of Linear: in*out (+ out biases)",
            a => Count(ParameterCounts.Linear(a.Integer("in"), a.Integer("out"), Flag(a, "bias"))))
        .Def("depthwise_separable_params", ["k", "c_in", "c_out"], ["bias"], "depthwise k*k*c_in (+ c_in) plus pointwise c_in*c_out (+ c_out)",
            a => Count(ParameterCounts.DepthwiseSeparable(Size(a, "k"), a.Integer("c_in"), a.Integer("c_out"), Flag(a, "bias"))))
        .Def("batchnorm_params", ["c"], [], "trainable parameters of BatchNorm over c channels: 2c",
            a => Count(ParameterCounts.BatchNorm(a.Integer("c"))))
        .Alias("batchnorm2d_params", "batchnorm_params")
        .Def("receptive_field", ["layers", "k"], ["s"], "receptive field after `layers` identical layers (kernel k, stride s): R_l = R_(l-1) + (k-1) s^(l-1), R_0 = 1",
            a => Count(ConvArithmetic.ReceptiveField(a.Integer("layers"), a.Integer("k"), a.Integer("s", 1))))
        .Def("receptive_field_of", ["kernels"], ["strides"], "vector [R_1, ..., R_L] of receptive fields for per-layer kernel sizes and strides (a number, or one per layer; default 1)",
            a => ReceptiveFields(a));

    private static FunctionTable AddMatricesAndVariants(this FunctionTable table) => table
        .Def("toeplitz", ["kernel", "in_h", "in_w"], ["stride", "padding"], "matrix T with vec(conv2d(x, kernel)) = T vec(x), vec row-major: shape (out_h*out_w, in_h*in_w)",
            a => Value.Of(Toeplitz.Matrix(a.Tensor("kernel"), a.Integer("in_h"), a.Integer("in_w"), OptionalSize(a, "stride"), Padding2D(a))))
        .Def("index_matrix", ["index"], [], "the 4x4 input of EN4553 A2 from an index number such as \"180577X\" (first six digits; repeats +0.1, +0.2, ...; zeros 0.5, 0.6, ...; then negated)",
            a => Value.Of(Variants.IndexMatrix(Text(a, "index"))));

    /// <summary>Registers a function whose library errors (ArgumentException) reach the student as EvaluationException.</summary>
    private static FunctionTable Def(
        this FunctionTable table, string name, string[] required, string[] optional, string summary, BuiltinFunction body) =>
        table.Add(name, required, optional, summary, args =>
        {
            try
            {
                return body(args);
            }
            catch (ArgumentException e)
            {
                throw new EvaluationException($"{name}: {e.Message}");
            }
        });

    private static Conv2dOptions Conv2d(CallArguments a) => new()
    {
        Stride = OptionalSize(a, "stride") ?? 1,
        Padding = Padding2D(a),
        Dilation = OptionalSize(a, "dilation") ?? 1,
        Groups = a.Integer("groups", 1),
        Bias = a.OptionalTensor("bias"),
    };

    private static Conv1dOptions Conv1d(CallArguments a) => new()
    {
        Stride = a.Integer("stride", 1),
        Padding = Padding1D(a),
        Dilation = a.Integer("dilation", 1),
        Groups = a.Integer("groups", 1),
        Bias = a.OptionalTensor("bias"),
    };

    /// <summary>"same", "valid", p, [ph, pw] or [top, bottom, left, right]; absent means none.</summary>
    private static Padding Padding2D(CallArguments a) => a.Raw("padding") switch
    {
        null => Padding.Valid,
        Value.Text t => Padding.Parse(t.Content),
        Value.Tensor { Array: var p } => Integers(p, "padding") switch
        {
            [var all] => Padding.Symmetric(all),
            [var ph, var pw] => Padding.Symmetric(ph, pw),
            [var top, var bottom, var left, var right] => Padding.Explicit(top, bottom, left, right),
            _ => throw new ArgumentException("padding must be \"same\", \"valid\", p, [ph, pw] or [top, bottom, left, right]"),
        },
        _ => throw new ArgumentException("padding must be \"same\", \"valid\" or numbers"),
    };

    /// <summary>"same", "valid", p (each side) or [left, right].</summary>
    private static Padding Padding1D(CallArguments a) => a.Raw("padding") switch
    {
        null => Padding.Valid,
        Value.Text t => Padding.Parse(t.Content),
        Value.Tensor { Array: var p } => Integers(p, "padding") switch
        {
            [var both] => Padding.Symmetric(both),
            [var left, var right] => Padding.Explicit(0, 0, left, right),
            _ => throw new ArgumentException("padding of a 1-D convolution must be \"same\", \"valid\", p or [left, right]"),
        },
        _ => throw new ArgumentException("padding must be \"same\", \"valid\" or numbers"),
    };

    /// <summary>Pooling padding: p on each side, or [ph, pw].</summary>
    private static Size2 PoolPadding(CallArguments a) => OptionalSize(a, "padding") ?? 0;

    private static Size2 Size(CallArguments a, string name) =>
        OptionalSize(a, name) ?? throw new ArgumentException($"needs argument '{name}'");

    /// <summary>A number n (meaning n x n) or a pair [h, w].</summary>
    private static Size2? OptionalSize(CallArguments a, string name) => a.Raw(name) switch
    {
        null => null,
        Value.Tensor { Array: var size } => Integers(size, name) switch
        {
            [var both] => both,
            [var h, var w] => new Size2(h, w),
            _ => throw new ArgumentException($"'{name}' must be a number or a pair [h, w], got {NdArray.FormatShape(size.Shape)} values"),
        },
        _ => throw new ArgumentException($"'{name}' must be a number or a pair [h, w]"),
    };

    private static int[] Integers(NdArray array, string name)
    {
        var result = new int[array.Length];
        for (int i = 0; i < result.Length; i++)
        {
            double v = array.Data[i];
            if (v != Math.Round(v) || Math.Abs(v) > int.MaxValue)
                throw new ArgumentException($"'{name}' must be whole numbers, got {v}");
            result[i] = (int)v;
        }
        return result;
    }

    private static bool Flag(CallArguments a, string name) => a.Integer(name, 1) switch
    {
        0 => false,
        1 => true,
        var other => throw new ArgumentException($"'{name}' must be 1 (yes) or 0 (no), got {other}"),
    };

    private static string Text(CallArguments a, string name) => a.Raw(name) switch
    {
        Value.Text t => t.Content,
        Value.Tensor { Array: { Length: 1 } number } when number.Data[0] >= 0 && number.Data[0] == Math.Round(number.Data[0]) =>
            number.Data[0].ToString("F0", System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"'{name}' must be a string such as \"180577X\""),
    };

    private static Value Count(long count) => Value.Of(count);

    private static Value ReceptiveFields(CallArguments a)
    {
        var kernels = Integers(a.Tensor("kernels"), "kernels");
        var strides = a.Has("strides") ? Integers(a.Tensor("strides"), "strides") : [1];
        if (strides.Length == 1 && kernels.Length != 1) strides = Enumerable.Repeat(strides[0], kernels.Length).ToArray();
        var fields = ConvArithmetic.ReceptiveFields(kernels, strides);
        return Value.Of(NdArray.Vector(fields.Select(f => (double)f).ToArray()));
    }
}
