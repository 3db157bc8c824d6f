using Grader.Core.Numerics;

namespace Grader.Core.Expressions.Builtins;

/// <summary>
/// General math for formulas: elementwise functions, reductions, linear algebra, constructors.
/// Deep-learning functions (sigmoid, softmax, conv2d, losses...) are the reference library's.
/// Every function charges the call's budget for the work it does.
/// </summary>
public static class MathBuiltins
{
    public static FunctionTable AddMathBuiltins(this FunctionTable table)
    {
        AddElementwise(table);
        AddReductions(table);
        AddLinearAlgebra(table);
        AddConstructors(table);
        AddIntegerFunctions(table);
        return table;
    }

    private static EvaluationBudget Budget(CallArguments args) => args.Budget ?? new EvaluationBudget();

    private static void AddElementwise(FunctionTable table)
    {
        Unary(table, "abs", Math.Abs, "absolute value");
        Unary(table, "sqrt", Math.Sqrt, "square root");
        Unary(table, "exp", Math.Exp, "e to the power x");
        Unary(table, "log", Math.Log, "natural logarithm");
        table.Alias("ln", "log");
        Unary(table, "log2", Math.Log2, "base-2 logarithm");
        Unary(table, "log10", Math.Log10, "base-10 logarithm");
        Unary(table, "floor", Math.Floor, "round down");
        Unary(table, "ceil", Math.Ceiling, "round up");
        // Halves round away from zero, as taught in school (Math.Round's default rounds 2.5 to 2).
        Unary(table, "round", x => Math.Round(x, MidpointRounding.AwayFromZero), "round to the nearest whole number");
        Unary(table, "sign", x => double.IsNaN(x) ? double.NaN : Math.Sign(x), "-1, 0 or 1");
        Unary(table, "sin", Math.Sin, "sine");
        Unary(table, "cos", Math.Cos, "cosine");
        Unary(table, "tan", Math.Tan, "tangent");
        Unary(table, "tanh", Math.Tanh, "hyperbolic tangent");
        Unary(table, "sinh", Math.Sinh, "hyperbolic sine");
        Unary(table, "cosh", Math.Cosh, "hyperbolic cosine");
        Unary(table, "asin", Math.Asin, "inverse sine");
        Unary(table, "acos", Math.Acos, "inverse cosine");
        Unary(table, "atan", Math.Atan, "inverse tangent");
        Binary(table, "pow", ["x", "y"], Math.Pow, "x to the power y, elementwise");
        Binary(table, "mod", ["a", "b"], (a, b) => a - b * Math.Floor(a / b), "remainder of a / b, with the sign of b");
        Binary(table, "delta", ["i", "j"], (i, j) => i == j ? 1 : 0, "Kronecker delta: 1 if i == j, else 0");
        MinMax(table, "min", Math.Min);
        MinMax(table, "max", Math.Max);
    }

    private static void Unary(FunctionTable table, string name, Func<double, double> f, string summary) =>
        table.Add(name, ["x"], [], summary + ", elementwise",
            args => Value.Of(TensorMath.Map(args.Tensor("x"), f, Budget(args))));

    private static void Binary(FunctionTable table, string name, string[] parameters, Func<double, double, double> f, string summary) =>
        table.Add(name, parameters, [], summary,
            args => Value.Of(TensorMath.Elementwise(
                args.Tensor(parameters[0]), args.Tensor(parameters[1]), f, Budget(args), $"apply {name} to")));

    private static void MinMax(FunctionTable table, string name, Func<double, double, double> pick) =>
        table.Add(name, ["a"], ["b"], $"{name}(a, b) elementwise, or {name}(x) over all entries of x", args =>
        {
            var a = args.Tensor("a");
            if (args.OptionalTensor("b") is { } b)
                return Value.Of(TensorMath.Elementwise(a, b, pick, Budget(args), $"take the {name} of"));
            if (a.Length == 0)
                throw new EvaluationException($"{name} of an empty array");
            Budget(args).Charge(a.Length);
            double result = a.Data[0];
            foreach (double x in a.Data)
                result = double.IsNaN(x) ? x : pick(result, x);
            return Value.Of(result);
        });

    private static void AddReductions(FunctionTable table)
    {
        table.Add("sum", ["x"], ["dim"], "sum of all entries, or along dimension dim (1 = down the rows)",
            args => Reduce(args, 0, (s, x) => s + x, (s, _) => s));
        table.Add("prod", ["x"], ["dim"], "product of all entries, or along dimension dim",
            args => Reduce(args, 1, (s, x) => s * x, (s, _) => s));
        table.Add("mean", ["x"], ["dim"], "mean of all entries, or along dimension dim",
            args => Reduce(args, 0, (s, x) => s + x, (s, n) => s / n));
        table.Add("norm", ["x"], [], "2-norm of a vector, Frobenius norm of a matrix", args =>
        {
            var x = args.Tensor("x");
            Budget(args).Charge(x.Length);
            double sum = 0;
            foreach (double v in x.Data) sum += v * v;
            return Value.Of(Math.Sqrt(sum));
        });
        table.Add("numel", ["x"], [], "number of entries", args => Value.Of(args.Tensor("x").Length));
        table.Add("size", ["x"], ["dim"], "size along dimension dim (1-based), or the vector of all sizes", args =>
        {
            var x = args.Tensor("x");
            if (!args.Has("dim"))
                return Value.Of(NdArray.Vector(x.Shape.Select(d => (double)d).ToArray()));
            int dim = args.Integer("dim");
            if (dim < 1)
                throw new EvaluationException($"size: dim must be 1 or more, got {dim}");
            return Value.Of(dim <= x.Rank ? x.Shape[dim - 1] : 1);
        });
    }

    private static Value Reduce(CallArguments args, double seed, Func<double, double, double> combine, Func<double, int, double> finish)
    {
        var x = args.Tensor("x");
        args.Charge(x.Length);
        if (!args.Has("dim"))
        {
            double acc = seed;
            foreach (double v in x.Data) acc = combine(acc, v);
            return Value.Of(finish(acc, x.Length));
        }
        int dim = args.Integer("dim");
        if (dim < 1 || dim > Math.Max(x.Rank, 1))
            throw new EvaluationException(
                $"{args.FunctionName}: dim must be between 1 and {Math.Max(x.Rank, 1)} for {Shapes.Describe(x)}, got {dim}");
        if (x.Rank == 0) return Value.Of(finish(combine(seed, x.Data[0]), 1));
        int axis = dim - 1;
        int outer = 1, inner = 1, n = x.Shape[axis];
        for (int d = 0; d < axis; d++) outer *= x.Shape[d];
        for (int d = axis + 1; d < x.Rank; d++) inner *= x.Shape[d];
        var result = new double[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                double acc = seed;
                for (int k = 0; k < n; k++) acc = combine(acc, x.Data[(o * n + k) * inner + i]);
                result[o * inner + i] = finish(acc, n);
            }
        int[] shape = [.. x.Shape[..axis], .. x.Shape[(axis + 1)..]];
        return Value.Of(new NdArray(shape, result));
    }

    private static void AddLinearAlgebra(FunctionTable table)
    {
        table.Add("dot", ["a", "b"], [], "dot product of two vectors", args =>
        {
            var a = VectorArgument(args, "a");
            var b = VectorArgument(args, "b");
            if (a.Length != b.Length)
                throw new EvaluationException($"dot: the vectors have different lengths ({a.Length} and {b.Length})");
            Budget(args).Charge(a.Length);
            double sum = 0;
            for (int i = 0; i < a.Length; i++) sum += a.Data[i] * b.Data[i];
            return Value.Of(sum);
        });
        table.Add("outer", ["a", "b"], [], "outer product a b^T of two vectors", args =>
        {
            var a = VectorArgument(args, "a");
            var b = VectorArgument(args, "b");
            var result = Budget(args).Allocate(a.Length, b.Length);
            for (int i = 0; i < a.Length; i++)
                for (int j = 0; j < b.Length; j++)
                    result.Data[i * b.Length + j] = a.Data[i] * b.Data[j];
            return Value.Of(result);
        });
        table.Add("transpose", ["x"], [], "transpose of a vector or matrix",
            args => Value.Of(TensorMath.Transpose(args.Tensor("x"), Budget(args))));
        table.Add("inv", ["A"], [], "inverse of a square matrix",
            args => Value.Of(LinearAlgebra.Inverse(args.Tensor("A"), Budget(args))));
        table.Add("det", ["A"], [], "determinant of a square matrix",
            args => Value.Of(LinearAlgebra.Determinant(args.Tensor("A"), Budget(args))));
        table.Add("solve", ["A", "b"], [], "the x with A x = b, for a square A",
            args => Value.Of(LinearAlgebra.Solve(args.Tensor("A"), args.Tensor("b"), Budget(args))));
        table.Add("trace", ["A"], [], "sum of the diagonal of a square matrix", args =>
        {
            var a = args.Tensor("A");
            int n = LinearAlgebra.SquareSize(a, "trace");
            Budget(args).Charge(n);
            double sum = 0;
            for (int i = 0; i < n; i++) sum += a.Data[i * n + i];
            return Value.Of(sum);
        });
        table.Add("diag", ["v"], [], "diagonal matrix from a vector, or the diagonal of a matrix as a vector", args =>
        {
            var v = args.Tensor("v");
            if (Shapes.IsVectorLike(v) || v.Rank == 0)
            {
                int n = v.Length;
                var result = Budget(args).Allocate(n, n);
                for (int i = 0; i < n; i++) result.Data[i * n + i] = v.Data[i];
                return Value.Of(result);
            }
            if (v.Rank != 2)
                throw new EvaluationException($"diag needs a vector or a matrix, got {Shapes.Describe(v)}");
            int count = Math.Min(v.Shape[0], v.Shape[1]);
            var diagonal = new double[count];
            for (int i = 0; i < count; i++) diagonal[i] = v.At(i, i);
            return Value.Of(NdArray.Vector(diagonal));
        });
    }

    /// <summary>A 1-D vector, or a row or column matrix read as one.</summary>
    private static NdArray VectorArgument(CallArguments args, string name)
    {
        var x = args.Tensor(name);
        if (!Shapes.IsVectorLike(x))
            throw new EvaluationException($"{args.FunctionName}: '{name}' must be a vector, got {Shapes.Describe(x)}");
        return x.Rank == 1 ? x : new NdArray([x.Length], x.Data);
    }

    private static void AddConstructors(FunctionTable table)
    {
        table.Add("eye", ["n"], ["m"], "n x n identity matrix (n x m with m)", args =>
        {
            int n = Size(args, "n");
            int m = args.Has("m") ? Size(args, "m") : n;
            var result = Budget(args).Allocate(n, m);
            for (int i = 0; i < Math.Min(n, m); i++) result.Data[i * m + i] = 1;
            return Value.Of(result);
        });
        table.Add("ones", ["rows"], ["cols"], "vector of ones (or rows x cols matrix)", args => Filled(args, 1));
        table.Add("zeros", ["rows"], ["cols"], "vector of zeros (or rows x cols matrix)", args => Filled(args, 0));
        table.Add("reshape", ["x", "rows", "cols"], [], "the entries of x, row by row, as a rows x cols matrix", args =>
        {
            var x = args.Tensor("x");
            int rows = Size(args, "rows"), cols = Size(args, "cols");
            if ((long)rows * cols != x.Length)
                throw new EvaluationException($"reshape: {Shapes.Describe(x)} has {x.Length} entries, not {rows}x{cols}");
            Budget(args).Charge(x.Length);
            return Value.Of(new NdArray([rows, cols], x.Data));
        });
        table.Add("vec", ["x"], [], "the entries of x, row by row, as a vector", Flatten);
        table.Alias("flatten", "vec");
    }

    private static Value Flatten(CallArguments args)
    {
        var x = args.Tensor("x");
        args.Charge(x.Length);
        return Value.Of(new NdArray([x.Length], x.Data));
    }

    private static Value Filled(CallArguments args, double fill)
    {
        int rows = Size(args, "rows");
        var result = args.Has("cols")
            ? Budget(args).Allocate(rows, Size(args, "cols"))
            : Budget(args).Allocate(rows);
        if (fill != 0) Array.Fill(result.Data, fill);
        return Value.Of(result);
    }

    private static int Size(CallArguments args, string name)
    {
        int n = args.Integer(name);
        if (n < 0)
            throw new EvaluationException($"{args.FunctionName}: '{name}' must not be negative, got {n}");
        return n;
    }

    private static void AddIntegerFunctions(FunctionTable table)
    {
        table.Add("factorial", ["n"], [], "n! for a whole number 0 <= n <= 170", args =>
        {
            int n = args.Integer("n");
            if (n is < 0 or > 170)
                throw new EvaluationException($"factorial needs a whole number from 0 to 170, got {n}");
            double result = 1;
            for (int i = 2; i <= n; i++) result *= i;
            return Value.Of(result);
        });
        table.Add("choose", ["n", "k"], [], "binomial coefficient: ways to choose k of n", args =>
        {
            int n = args.Integer("n"), k = args.Integer("k");
            if (n < 0)
                throw new EvaluationException($"choose needs n >= 0, got {n}");
            if (k < 0 || k > n) return Value.Of(0);
            k = Math.Min(k, n - k);
            Budget(args).Charge(k);
            double result = 1;
            for (int i = 1; i <= k; i++) result = result * (n - k + i) / i;
            return Value.Of(Math.Round(result));
        });
    }
}
