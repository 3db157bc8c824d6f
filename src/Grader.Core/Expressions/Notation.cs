namespace Grader.Core.Expressions;

/// <summary>
/// What a student formula can refer to: the names an item declares (variables, aliases,
/// definitions, inputs), the functions it may call, and its index names. Knowing them lets the
/// parser read formulas the way students write them on paper: <c>Xw</c> and <c>2λw</c> as
/// products of declared symbols, <c>yhat_i</c> as yhat[i], <c>delta_ij</c> as delta(i, j),
/// <c>log 0.2</c> as log(0.2) and <c>L = ...</c> as its right-hand side.
/// </summary>
public sealed class Notation
{
    private readonly HashSet<string> _names;
    private readonly HashSet<string> _indices;
    private readonly Scope? _constants;

    public Notation(IEnumerable<string> names, FunctionTable functions, IEnumerable<string>? indices = null, Scope? constants = null)
    {
        _names = new HashSet<string>(names, StringComparer.Ordinal);
        _indices = new HashSet<string>(indices ?? [], StringComparer.Ordinal);
        _constants = constants;
        Functions = functions;
    }

    /// <summary>The notation of an item's answers: its variables with their aliases, definitions, indices and constants.</summary>
    public static Notation Of(EquivalenceSpec spec) => new(
        spec.Variables.SelectMany(v => (v.Aliases ?? []).Select(FormulaEquivalence.StripBackslash).Prepend(v.Name))
            .Concat(spec.Definitions.Select(d => d.Name)),
        spec.CandidateFunctions, spec.Indices, spec.Constants);

    public FunctionTable Functions { get; }

    /// <summary>A value: declared name, index name, constant of the scope, or I, e, pi.</summary>
    public bool IsName(string name) => IsDeclared(name) || Constants.IsConstant(name);

    public bool IsIndex(string name) => _indices.Contains(name);

    /// <summary>A function this notation may call and that no value of the same name hides.</summary>
    public bool IsFunction(string name) => !IsName(name) && Functions.Contains(name);

    /// <summary>
    /// Names a run of letters may be split into (<c>nλI</c> = n λ I): declared names, index names
    /// and the identity I, but not e or pi, which would read too much into ordinary words.
    /// </summary>
    public bool IsSplittable(string name) => IsDeclared(name) || name is "I" or "π";

    private bool IsDeclared(string name) =>
        _names.Contains(name) || _indices.Contains(name) || _constants?.Contains(name) == true;
}
