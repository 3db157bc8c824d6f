namespace Grader.Core.Expressions;

public delegate Value BuiltinFunction(CallArguments args);

/// <summary>
/// The functions an expression may call, by name. Built once (see <see cref="Standard"/>) and
/// shared read-only: the math built-ins plus the reference library's deep-learning functions.
/// </summary>
public sealed class FunctionTable
{
    private readonly Dictionary<string, (FunctionSignature Signature, BuiltinFunction Body)> _functions =
        new(StringComparer.Ordinal);

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

    public bool Contains(string name) => _functions.ContainsKey(name);

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

    public IEnumerable<FunctionSignature> Signatures => _functions.Values.Select(f => f.Signature).OrderBy(s => s.Name);
}
