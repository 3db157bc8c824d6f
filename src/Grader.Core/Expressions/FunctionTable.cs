namespace Grader.Core.Expressions;

public delegate Value BuiltinFunction(CallArguments args);

/// <summary>
/// The functions an expression may call, by name. Built once (see <see cref="Builtins.StandardFunctions"/>)
/// and shared read-only. A table may also withhold names: calling one fails with the reason
/// instead of "unknown function", which is how answers are refused the reference library.
/// </summary>
public sealed class FunctionTable
{
    private readonly Dictionary<string, (FunctionSignature Signature, BuiltinFunction Body)> _functions =
        new(StringComparer.Ordinal);

    private readonly Dictionary<string, string> _withheld = new(StringComparer.Ordinal);

    public FunctionTable Add(string name, string[] required, string[] optional, string summary, BuiltinFunction body)
    {
        if (!_functions.TryAdd(name, (new FunctionSignature(name, required, optional, summary), body)))
            throw new InvalidOperationException($"function '{name}' registered twice");
        return this;
    }

    /// <summary>Registers another name for an existing function (e.g. <c>ln</c> for <c>log</c>).</summary>
    public FunctionTable Alias(string alias, string existing)
    {
        var (signature, body) = _functions[existing];
        _functions.Add(alias, (signature with { Name = alias }, body));
        return this;
    }

    /// <summary>Copies the functions <paramref name="names"/> of <paramref name="source"/> into this table.</summary>
    public FunctionTable AddFrom(FunctionTable source, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            var entry = source._functions.TryGetValue(name, out var found)
                ? found
                : throw new ArgumentException($"'{name}' is not a function of the source table", nameof(names));
            _functions.TryAdd(name, entry);
            _withheld.Remove(name);
        }
        return this;
    }

    /// <summary>
    /// Marks every function of <paramref name="source"/> that this table lacks as withheld, with
    /// <paramref name="why"/> as the message (<c>{0}</c> stands for the function's name).
    /// </summary>
    public FunctionTable Withhold(FunctionTable source, string why)
    {
        foreach (var name in source._functions.Keys)
            if (!_functions.ContainsKey(name)) _withheld[name] = string.Format(System.Globalization.CultureInfo.InvariantCulture, why, name);
        return this;
    }

    public bool Contains(string name) => _functions.ContainsKey(name);

    /// <summary>Why <paramref name="name"/> may not be called here, or null when it is not withheld.</summary>
    public string? WhyWithheld(string name) => _withheld.GetValueOrDefault(name);

    /// <summary>The message for a call of <paramref name="name"/>, which this table does not have.</summary>
    public string Unavailable(string name) => WhyWithheld(name) ?? $"unknown function '{name}'";

    public bool TryGet(string name, out FunctionSignature signature, out BuiltinFunction body)
    {
        if (_functions.TryGetValue(name, out var entry))
        {
            (signature, body) = entry;
            return true;
        }
        signature = null!;
        body = null!;
        return false;
    }

    public IEnumerable<string> Names => _functions.Keys.Order(StringComparer.Ordinal);

    public IEnumerable<FunctionSignature> Signatures => _functions.Values.Select(f => f.Signature).OrderBy(s => s.Name);
}
