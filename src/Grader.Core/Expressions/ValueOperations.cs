using Grader.Core.Numerics;

namespace Grader.Core.Expressions;

/// <summary>
/// The meaning of each operator on <see cref="Value"/>s: scalar broadcasting, the matrix product
/// with vectors as columns, and the size-less identity <see cref="Value.Identity"/>.
/// </summary>
internal static class ValueOperations
{
    public static Value Negate(Value v, EvaluationBudget budget) => v switch
    {
        Value.Identity id => new Value.Identity(-id.Scale),
        _ => Value.Of(TensorMath.Map(Tensor(v, "negate"), x => -x, budget)),
    };

    public static Value Plus(Value v) => v is Value.Text ? throw TextMisuse() : v;

    public static Value Not(Value v, EvaluationBudget budget) =>
        Value.Of(TensorMath.Map(Tensor(v, "apply 'not' to"), x => x == 0 ? 1 : 0, budget));

    public static Value AddOrSubtract(Value a, Value b, bool subtract, EvaluationBudget budget)
    {
        string verb = subtract ? "subtract" : "add";
        switch (a, b)
        {
            case (Value.Identity x, Value.Identity y):
                return new Value.Identity(subtract ? x.Scale - y.Scale : x.Scale + y.Scale);
            case (Value.Tensor t, Value.Identity id):
                return Value.Of(TensorMath.AddIdentity(t.Array, id.Scale, budget, identityFirst: false, subtract));
            case (Value.Identity id, Value.Tensor t):
                return Value.Of(TensorMath.AddIdentity(t.Array, id.Scale, budget, identityFirst: true, subtract));
            default:
                var left = Tensor(a, verb);
                var right = Tensor(b, verb);
                return Value.Of(subtract
                    ? TensorMath.Elementwise(left, right, (x, y) => x - y, budget, verb)
                    : TensorMath.Elementwise(left, right, (x, y) => x + y, budget, verb));
        }
    }

    /// <summary>
    /// <c>*</c> and juxtaposition: scaling when either side is a single number, otherwise the matrix
    /// product with vectors read as columns (so <c>p p^T</c> is n x n and <c>w^T x</c> is 1 x 1).
    /// </summary>
    public static Value Multiply(Value a, Value b, EvaluationBudget budget)
    {
        switch (a, b)
        {
            case (Value.Identity x, Value.Identity y):
                return new Value.Identity(x.Scale * y.Scale);
            case (Value.Identity id, Value.Tensor t):
                return ScaleIdentity(id, t.Array, budget);
            case (Value.Tensor t, Value.Identity id):
                return ScaleIdentity(id, t.Array, budget);
        }
        var left = Tensor(a, "multiply");
        var right = Tensor(b, "multiply");
        if (left.Length == 1 || right.Length == 1)
            return Value.Of(TensorMath.Elementwise(left, right, (x, y) => x * y, budget, "multiply"));
        if (left.Rank == 1 && right.Rank == 1)
            throw new EvaluationException(
                $"cannot multiply two vectors (lengths {left.Length} and {right.Length}) with *: use dot(a, b) or a^T b for a dot product, a .* b elementwise");
        var product = TensorMath.MatMul(TensorMath.AsMatrix(left), TensorMath.AsMatrix(right), budget);
        // Matrix times vector is a vector again (A x, X^T y), but a row times a vector stays the
        // 1x1 matrix of w^T x, which then acts as a number.
        bool vectorResult = right.Rank == 1 && left.Rank == 2 && left.Shape[0] > 1;
        return Value.Of(vectorResult ? product.Reshape(product.Shape[0]) : product);
    }

    private static Value ScaleIdentity(Value.Identity id, NdArray t, EvaluationBudget budget) =>
        t.Length == 1
            ? new Value.Identity(id.Scale * t.Data[0])
            : Value.Of(TensorMath.Scale(t, id.Scale, budget));

    /// <summary>NumPy's <c>@</c>: 1-D operands are rows on the left and columns on the right; two vectors give their dot product.</summary>
    public static Value MatrixMultiply(Value a, Value b, EvaluationBudget budget)
    {
        switch (a, b)
        {
            case (Value.Identity, _) or (_, Value.Identity):
                return Multiply(a, b, budget);
        }
        var left = Tensor(a, "multiply");
        var right = Tensor(b, "multiply");
        if (left.Rank == 0 || right.Rank == 0)
            throw new EvaluationException("@ multiplies vectors and matrices; use * to scale by a number");
        var l = left.Rank == 1 ? new NdArray([1, left.Length], left.Data) : TensorMath.AsMatrix(left);
        var r = TensorMath.AsMatrix(right);
        var product = TensorMath.MatMul(l, r, budget);
        if (left.Rank == 1 && right.Rank == 1) return Value.Of(product.Data[0]);
        if (left.Rank == 1) return Value.Of(product.Reshape(product.Shape[1]));
        if (right.Rank == 1) return Value.Of(product.Reshape(product.Shape[0]));
        return Value.Of(product);
    }

    /// <summary><c>/</c>: by a number, a number by an array, or elementwise for matching shapes.</summary>
    public static Value Divide(Value a, Value b, EvaluationBudget budget)
    {
        if (a is Value.Identity id && b is Value.Tensor t && t.Array.Length == 1)
            return new Value.Identity(id.Scale / t.Array.Data[0]);
        if (b is Value.Identity)
            throw new EvaluationException("cannot divide by I; use inv(...) for a matrix inverse");
        var left = Tensor(a, "divide");
        var right = Tensor(b, "divide");
        if (right.Length != 1 && left.Length != 1 && !left.SameShape(right) && !Shapes.VectorAndColumn(left, right)
            && right.Rank == 2)
            throw new EvaluationException(
                $"cannot divide {Shapes.Describe(left)} by {Shapes.Describe(right)}: division is elementwise; to divide by a matrix use inv(...)");
        return Value.Of(TensorMath.Elementwise(left, right, (x, y) => x / y, budget, "divide"));
    }

    public static Value Elementwise(Value a, Value b, Func<double, double, double> f, EvaluationBudget budget, string verb) =>
        Value.Of(TensorMath.Elementwise(Elementwise(a, verb), Elementwise(b, verb), f, budget, verb));

    private static NdArray Elementwise(Value v, string verb) => v is Value.Identity
        ? throw new EvaluationException($"cannot {verb} the identity I elementwise: it has no size of its own")
        : Tensor(v, verb);

    /// <summary>
    /// <c>^</c>: number to a number, a square matrix to a whole power. The transpose form
    /// <c>X^T</c> is handled by the evaluator before the exponent is evaluated.
    /// </summary>
    public static Value Power(Value a, Value b, EvaluationBudget budget)
    {
        var exponentArray = Tensor(b, "raise to a power");
        // e^z for a vector z can only mean the elementwise power, as in e^z / sum(e^z).
        if (a is Value.Tensor { Array.Length: 1 } scalarBase && exponentArray.Rank == 1)
        {
            double x = scalarBase.Array.Data[0];
            return Value.Of(TensorMath.Map(exponentArray, y => Math.Pow(x, y), budget));
        }
        if (exponentArray.Length != 1)
            throw new EvaluationException(
                $"the exponent must be a single number, got {Shapes.Describe(exponentArray)}; use .^ for elementwise powers");
        double exponent = exponentArray.Data[0];
        if (a is Value.Identity id)
            return new Value.Identity(Math.Pow(id.Scale, exponent));
        var baseArray = Tensor(a, "raise to a power");
        if (baseArray.Length == 1)
            return Value.Of(TensorMath.Map(baseArray, x => Math.Pow(x, exponent), budget));
        if (baseArray.Rank != 2 || baseArray.Shape[0] != baseArray.Shape[1])
            throw new EvaluationException(
                $"^ needs a number or a square matrix, got {Shapes.Describe(baseArray)}; use .^ for elementwise powers, or ^T for the transpose");
        return Value.Of(LinearAlgebra.MatrixPower(baseArray, exponent, budget));
    }

    public static Value Transpose(Value v, EvaluationBudget budget) => v switch
    {
        Value.Identity => v,
        _ => Value.Of(TensorMath.Transpose(Tensor(v, "transpose"), budget)),
    };

    public static Value Compare(Value a, Value b, BinaryOperator op, EvaluationBudget budget)
    {
        Func<double, double, bool> test = op switch
        {
            BinaryOperator.Less => (x, y) => x < y,
            BinaryOperator.LessOrEqual => (x, y) => x <= y,
            BinaryOperator.Greater => (x, y) => x > y,
            BinaryOperator.GreaterOrEqual => (x, y) => x >= y,
            BinaryOperator.Equal => (x, y) => x == y,
            BinaryOperator.NotEqual => (x, y) => x != y,
            BinaryOperator.And => (x, y) => x != 0 && y != 0,
            BinaryOperator.Or => (x, y) => x != 0 || y != 0,
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
        if (a is Value.Text ta && b is Value.Text tb && op is BinaryOperator.Equal or BinaryOperator.NotEqual)
            return Value.Of((ta.Content == tb.Content) == (op == BinaryOperator.Equal) ? 1 : 0);
        return Elementwise(a, b, (x, y) => test(x, y) ? 1 : 0, budget, "compare");
    }

    public static NdArray Tensor(Value v, string verb) => v switch
    {
        Value.Tensor t => t.Array,
        Value.Text => throw TextMisuse(),
        Value.Identity => throw new EvaluationException($"cannot {verb} the identity I here: it has no size of its own"),
        _ => throw new EvaluationException($"cannot {verb} {Shapes.Describe(v)}"),
    };

    private static EvaluationException TextMisuse() =>
        new("a string can only be an option argument, as in padding=\"same\"");
}
