using System.Collections.Immutable;
using Grader.Core.Numerics;

namespace Grader.Core.Expressions;

/// <summary>Variable bindings, immutable: <c>Scope.Empty.With("H", 32).With("k", 3)</c>.</summary>
public sealed class Scope
{
    private readonly ImmutableDictionary<string, Value> _values;

    private Scope(ImmutableDictionary<string, Value> values) => _values = values;

    public static Scope Empty { get; } = new(ImmutableDictionary.Create<string, Value>(StringComparer.Ordinal));

    public Scope With(string name, Value value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        return new(_values.SetItem(name, value));
    }

    public Scope With(string name, double value) => With(name, Value.Of(value));

    public Scope With(string name, NdArray value) => With(name, Value.Of(value));

    /// <summary>All bindings of <paramref name="other"/> added, replacing same-named ones here.</summary>
    public Scope With(Scope other) => new(_values.SetItems(other._values));

    public bool Contains(string name) => _values.ContainsKey(name);

    public bool TryGet(string name, out Value value)
    {
        if (_values.TryGetValue(name, out var found))
        {
            value = found;
            return true;
        }
        value = null!;
        return false;
    }

    public IEnumerable<string> Names => _values.Keys.OrderBy(k => k, StringComparer.Ordinal);

    public int Count => _values.Count;
}
