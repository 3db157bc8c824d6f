using Grader.Core.Numerics;

namespace Grader.Core.Expressions;

/// <summary>
/// Arguments of one call, bound to a function's parameter names. Accessors convert and check
/// types and throw <see cref="EvaluationException"/> with a student-readable message.
/// </summary>
public sealed class CallArguments
{
    private readonly FunctionSignature _signature;
    private readonly Dictionary<string, Value> _bound;

    private CallArguments(FunctionSignature signature, Dictionary<string, Value> bound, EvaluationBudget? budget)
    {
        _signature = signature;
        _bound = bound;
        Budget = budget;
    }

    /// <summary>The evaluation's budget, when the caller supplied one; see <see cref="Charge"/>.</summary>
    public EvaluationBudget? Budget { get; }

    /// <summary>
    /// Counts work a built-in is about to do (e.g. n^3 for an inverse, output size for a convolution)
    /// against the evaluation's budget; throws <see cref="EvaluationException"/> when it is spent.
    /// Does nothing when there is no budget.
    /// </summary>
    public void Charge(long operations) => Budget?.Charge(operations);

    public static CallArguments Bind(
        FunctionSignature signature,
        IReadOnlyList<Value> positional,
        IReadOnlyList<KeyValuePair<string, Value>> named) => Bind(signature, positional, named, null);

    public static CallArguments Bind(
        FunctionSignature signature,
        IReadOnlyList<Value> positional,
        IReadOnlyList<KeyValuePair<string, Value>> named,
        EvaluationBudget? budget)
    {
        var parameters = signature.AllParameters.ToList();
        if (positional.Count > parameters.Count)
            throw new EvaluationException(
                $"{signature.Name} takes at most {parameters.Count} argument(s), got {positional.Count}: {signature}");
        var bound = new Dictionary<string, Value>(StringComparer.Ordinal);
        for (int i = 0; i < positional.Count; i++) bound[parameters[i]] = positional[i];
        foreach (var (name, value) in named)
        {
            if (!parameters.Contains(name))
                throw new EvaluationException($"{signature.Name} has no parameter '{name}': {signature}");
            if (!bound.TryAdd(name, value))
                throw new EvaluationException($"{signature.Name}: argument '{name}' given twice");
        }
        foreach (var required in signature.Required)
            if (!bound.ContainsKey(required))
                throw new EvaluationException($"{signature.Name} needs argument '{required}': {signature}");
        return new CallArguments(signature, bound, budget);
    }

    /// <summary>The name the function was called by, for messages.</summary>
    public string FunctionName => _signature.Name;

    public bool Has(string name) => _bound.ContainsKey(name);

    public Value? Raw(string name) => _bound.GetValueOrDefault(name);

    public NdArray Tensor(string name) => _bound.TryGetValue(name, out var v)
        ? AsTensor(name, v)
        : throw Missing(name);

    public NdArray? OptionalTensor(string name) =>
        _bound.TryGetValue(name, out var v) ? AsTensor(name, v) : null;

    public double Scalar(string name) => _bound.TryGetValue(name, out var v)
        ? AsScalar(name, v)
        : throw Missing(name);

    public double Scalar(string name, double fallback) =>
        _bound.TryGetValue(name, out var v) ? AsScalar(name, v) : fallback;

    public int Integer(string name) => _bound.TryGetValue(name, out var v)
        ? AsInteger(name, v)
        : throw Missing(name);

    public int Integer(string name, int fallback) =>
        _bound.TryGetValue(name, out var v) ? AsInteger(name, v) : fallback;

    public string Text(string name, string fallback) => _bound.TryGetValue(name, out var v)
        ? v is Value.Text t ? t.Content : throw new EvaluationException($"{_signature.Name}: '{name}' must be a string")
        : fallback;

    private NdArray AsTensor(string name, Value value) => value switch
    {
        Value.Tensor t => t.Array,
        _ => throw new EvaluationException($"{_signature.Name}: '{name}' must be a number or array, got {Describe(value)}"),
    };

    private double AsScalar(string name, Value value)
    {
        var array = AsTensor(name, value);
        if (array.Length != 1)
            throw new EvaluationException(
                $"{_signature.Name}: '{name}' must be a single number, got shape {NdArray.FormatShape(array.Shape)}");
        return array.Data[0];
    }

    private int AsInteger(string name, Value value)
    {
        double x = AsScalar(name, value);
        if (x != Math.Round(x) || Math.Abs(x) > int.MaxValue)
            throw new EvaluationException($"{_signature.Name}: '{name}' must be a whole number, got {x}");
        return (int)x;
    }

    private EvaluationException Missing(string name) =>
        new($"{_signature.Name} needs argument '{name}': {_signature}");

    private static string Describe(Value value) => value switch
    {
        Value.Text => "a string",
        Value.Identity => "the identity I",
        _ => value.GetType().Name,
    };
}
