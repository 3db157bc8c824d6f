using System.Runtime.CompilerServices;
using Grader.Core.Numerics;

namespace Grader.Core.Expressions;

/// <summary>
/// Walks one expression tree. Errors from any node are re-thrown positioned at the innermost
/// failing node, so the student sees which part of the formula failed.
/// </summary>
internal sealed class Evaluator(Scope scope, FunctionTable functions, EvaluationBudget budget)
{
    /// <summary>
    /// Whole numbers bound over the scope: sum indices and entry indices (cheaper than a new scope
    /// per term); created on first use, as most evaluations bind none.
    /// </summary>
    private Dictionary<string, Value>? _locals;

    /// <summary>Evaluates <paramref name="node"/> with <paramref name="name"/> bound to <paramref name="value"/> (shadowing, then restoring).</summary>
    public Value EvalWith(string name, double value, Expr node)
    {
        _locals ??= new(StringComparer.Ordinal);
        bool shadowed = _locals.TryGetValue(name, out var previous);
        _locals[name] = Value.Of(value);
        try
        {
            return Eval(node);
        }
        finally
        {
            if (shadowed) _locals[name] = previous!;
            else _locals.Remove(name);
        }
    }

    /// <summary>Binds <paramref name="name"/> for the evaluations that follow, until <see cref="Unbind"/>.</summary>
    public void Bind(string name, double value) => (_locals ??= new(StringComparer.Ordinal))[name] = Value.Of(value);

    public void Unbind(string name) => _locals?.Remove(name);

    public Value Eval(Expr node)
    {
        try
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            budget.Charge(1);
            return EvalNode(node);
        }
        catch (EvaluationException e) when (e.Column is null)
        {
            throw new EvaluationException(e.Detail, node.Column);
        }
        catch (Exception e) when (IsEvaluationFailure(e))
        {
            throw new EvaluationException(Clean(e), node.Column);
        }
    }

    /// <summary>Exceptions that built-ins (ours and the reference library's) may throw on bad input.</summary>
    public static bool IsEvaluationFailure(Exception e) => e is ArgumentException or InvalidOperationException
        or IndexOutOfRangeException or ArithmeticException or InsufficientExecutionStackException or FormatException;

    private static string Clean(Exception e) => e switch
    {
        InsufficientExecutionStackException => "the expression is nested too deeply",
        ArgumentException a when a.ParamName is not null => a.Message.Replace($" (Parameter '{a.ParamName}')", ""),
        _ => e.Message,
    };

    private Value EvalNode(Expr node) => node switch
    {
        Expr.Number n => Value.Of(n.Value),
        Expr.Text t => new Value.Text(t.Content),
        Expr.Identifier id => Lookup(id.Name),
        Expr.Unary u => EvalUnary(u),
        Expr.Binary { Operator: BinaryOperator.Power } b when IsTranspose(b) => ApplyToGroup(b.Left, b, g => ValueOperations.Transpose(Eval(g), budget)),
        Expr.Binary { Operator: BinaryOperator.Power or BinaryOperator.ElementPower } b => EvalPower(b),
        Expr.Binary b => EvalBinary(b),
        Expr.Transpose t => ApplyToGroup(t.Operand, t, g => ValueOperations.Transpose(Eval(g), budget)),
        Expr.Call c => EvalCall(c),
        Expr.Index i => ApplyToGroup(i.Target, i, g => EvalIndex(Eval(g), i)),
        Expr.ArrayLiteral a => EvalArray(a),
        Expr.Sum sum => EvalSum(sum),
        _ => throw new EvaluationException($"cannot evaluate {node.GetType().Name}"),
    };

    private bool IsTranspose(Expr.Binary power) => ExprWalker.IsTransposeMark(power.Right) && !scope.Contains("T");

    /// <summary>A name resolves to a value (not a function) if the scope binds it, or it is a constant no function hides.</summary>
    private bool IsValueName(string name) =>
        _locals?.ContainsKey(name) == true || scope.Contains(name) || (!functions.Contains(name) && Constants.IsConstant(name));

    private Value Lookup(string name)
    {
        if (_locals is not null && _locals.TryGetValue(name, out var local)) return local;
        if (scope.TryGet(name, out var value)) return value;
        if (Constants.TryGet(name, out value)) return value;
        if (functions.Contains(name))
            throw new EvaluationException($"'{name}' is a function: write {name}(...)");
        throw new EvaluationException($"unknown variable '{name}'");
    }

    /// <summary>
    /// In <c>x(a+b)^2</c>, <c>n(n+1)'</c>, <c>x(v)[1]</c> with x a variable, the power, transpose or index
    /// belongs to the parenthesised group, as a reader of the formula would take it; only a true
    /// call returns a value they apply to.
    /// </summary>
    private Value ApplyToGroup(Expr operand, Expr node, Func<Expr, Value> apply)
    {
        if (operand is Expr.Call { Arguments.Count: 1, NamedArguments.Count: 0 } call && IsValueName(call.Name))
        {
            var factor = Eval(new Expr.Identifier(call.Name, call.Column));
            var rest = node switch
            {
                Expr.Binary b => Eval(b with { Left = call.Arguments[0] }),
                Expr.Transpose t => Eval(t with { Operand = call.Arguments[0] }),
                Expr.Index i => Eval(i with { Target = call.Arguments[0] }),
                _ => throw new InvalidOperationException("unexpected node"),
            };
            return ValueOperations.Multiply(factor, rest, budget);
        }
        return apply(operand);
    }

    private Value EvalUnary(Expr.Unary u)
    {
        var operand = Eval(u.Operand);
        return u.Operator switch
        {
            UnaryOperator.Negate => ValueOperations.Negate(operand, budget),
            UnaryOperator.Plus => ValueOperations.Plus(operand),
            _ => ValueOperations.Not(operand, budget),
        };
    }

    private Value EvalPower(Expr.Binary b) => ApplyToGroup(b.Left, b, g =>
    {
        var baseValue = Eval(g);
        var exponent = Eval(b.Right);
        return b.Operator == BinaryOperator.Power
            ? ValueOperations.Power(baseValue, exponent, budget)
            : ValueOperations.Elementwise(baseValue, exponent, Math.Pow, budget, "raise to a power");
    });

    private Value EvalBinary(Expr.Binary b)
    {
        var left = Eval(b.Left);
        var right = Eval(b.Right);
        return b.Operator switch
        {
            BinaryOperator.Add => ValueOperations.AddOrSubtract(left, right, subtract: false, budget),
            BinaryOperator.Subtract => ValueOperations.AddOrSubtract(left, right, subtract: true, budget),
            BinaryOperator.Multiply => ValueOperations.Multiply(left, right, budget),
            BinaryOperator.Divide => ValueOperations.Divide(left, right, budget),
            BinaryOperator.MatrixMultiply => ValueOperations.MatrixMultiply(left, right, budget),
            BinaryOperator.ElementMultiply => ValueOperations.Elementwise(left, right, (x, y) => x * y, budget, "multiply"),
            BinaryOperator.ElementDivide => ValueOperations.Elementwise(left, right, (x, y) => x / y, budget, "divide"),
            _ => ValueOperations.Compare(left, right, b.Operator, budget),
        };
    }

    private Value EvalCall(Expr.Call call)
    {
        if (IsValueName(call.Name))
        {
            if (call.Arguments.Count == 1 && call.NamedArguments.Count == 0)
                return ValueOperations.Multiply(Lookup(call.Name), Eval(call.Arguments[0]), budget);
            throw new EvaluationException($"'{call.Name}' is a variable, not a function");
        }
        if (!functions.TryGet(call.Name, out var signature, out var body))
            throw new EvaluationException(functions.Unavailable(call.Name));
        var positional = call.Arguments.Select(Eval).ToList();
        var named = call.NamedArguments
            .Select(n => new KeyValuePair<string, Value>(n.Name, Eval(n.Value)))
            .ToList();
        var result = body(CallArguments.Bind(signature, positional, named, budget))
            ?? throw new EvaluationException($"{call.Name} returned nothing");
        if (result is Value.Tensor t)
        {
            if (t.Array.Length > budget.MaxElements)
                throw new EvaluationException($"{call.Name} produced too large a result ({Shapes.Describe(t.Array)})");
            budget.Charge(t.Array.Length);
        }
        return result;
    }

    /// <summary>Sums longer than this are not what a sheet asks; the budget bounds the work as well.</summary>
    private const long MaxSumTerms = 100_000;

    private Value EvalSum(Expr.Sum sum)
    {
        long from = ToIndex(Eval(sum.From), sum.From.Column), to = ToIndex(Eval(sum.To), sum.To.Column);
        if (to - from + 1 > MaxSumTerms)
            throw new EvaluationException($"the sum over {sum.IndexName} has more than {MaxSumTerms} terms");
        Value total = Value.Of(0);
        for (long k = from; k <= to; k++)
            total = ValueOperations.AddOrSubtract(total, EvalWith(sum.IndexName, k, sum.Body), subtract: false, budget);
        return total;
    }

    private Value EvalIndex(Value target, Expr.Index node)
    {
        var array = ValueOperations.Tensor(target, "index");
        var indices = new long[node.Indices.Count];
        for (int d = 0; d < indices.Length; d++) indices[d] = ToIndex(Eval(node.Indices[d]), node.Indices[d].Column);
        int[] shape = array.Shape;
        // A single index into a row or column matrix walks along it, like into a vector.
        if (indices.Length == 1 && array.Rank == 2 && Shapes.IsVectorLike(array))
            shape = [array.Length];
        if (array.Rank == 0)
            throw new EvaluationException("cannot index a number");
        if (indices.Length > shape.Length)
            throw new EvaluationException(shape.Length == 2
                ? $"{Shapes.Describe(array)} needs 2 indices, as in X[i, j], got {indices.Length}"
                : $"{Shapes.Describe(array)} needs {shape.Length} ind{(shape.Length == 1 ? "ex" : "ices")}, got {indices.Length}");
        int offset = 0;
        for (int d = 0; d < indices.Length; d++)
        {
            long i = indices[d];
            if (i < 1 || i > shape[d])
                throw new EvaluationException(shape.Length == 1
                    ? $"index {i} is out of range 1..{shape[d]}"
                    : $"index {i} is out of range 1..{shape[d]} for dimension {d + 1}");
            offset = offset * shape[d] + (int)(i - 1);
        }
        if (indices.Length == shape.Length) return Value.Of(array.Data[offset]);
        // Fewer indices than dimensions select a row (x[n] of a matrix), so x[n][c] works as in NumPy.
        int[] rest = shape[indices.Length..];
        int length = rest.Aggregate(1, (a, b) => a * b);
        budget.Charge(length);
        return Value.Of(new NdArray(rest, array.Data.AsSpan(offset * length, length).ToArray()));
    }

    private static long ToIndex(Value v, int column)
    {
        if (v is not Value.Tensor { Array: var array })
            throw new EvaluationException($"an index must be a whole number, got {Shapes.Describe(v)}", column);
        if (array.Length != 1)
            throw new EvaluationException($"an index must be a single whole number, got {Shapes.Describe(array)}", column);
        double x = array.Data[0];
        if (!double.IsFinite(x) || x != Math.Round(x) || Math.Abs(x) > int.MaxValue)
            throw new EvaluationException($"an index must be a whole number, got {NdArrayFormatter.FormatNumber(x)}", column);
        return (long)x;
    }

    private Value EvalArray(Expr.ArrayLiteral literal)
    {
        var elements = literal.Elements.Select(e => (Node: e, Array: ValueOperations.Tensor(Eval(e), "put into an array"))).ToList();
        var first = elements[0].Array;
        foreach (var (element, array) in elements)
            if (!array.SameShape(first))
                throw new EvaluationException(
                    $"array rows must all have the same shape: {Shapes.Describe(first)} and {Shapes.Describe(array)} (entry at column {element.Column})");
        int[] shape = [elements.Count, .. first.Shape];
        budget.ChargeAllocation(shape);
        var data = new double[elements.Count * first.Length];
        for (int i = 0; i < elements.Count; i++)
            Array.Copy(elements[i].Array.Data, 0, data, i * first.Length, first.Length);
        return Value.Of(new NdArray(shape, data));
    }
}
