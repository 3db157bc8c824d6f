namespace Grader.Core.Expressions;

/// <summary>
/// A variable the formulas may use. <paramref name="Aliases"/> are other spellings students may
/// write for it (<c>λ</c>, <c>lam</c>; <c>\lambda</c> needs no alias, the backslash is dropped).
/// </summary>
public sealed record VariableSpec(string Name, VariableDomain Domain, IReadOnlyList<string> Aliases)
{
    public VariableSpec(string name, VariableDomain domain) : this(name, domain, []) { }
}
