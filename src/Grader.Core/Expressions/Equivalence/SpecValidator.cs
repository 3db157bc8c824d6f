namespace Grader.Core.Expressions;

/// <summary>Finds mistakes in an <see cref="EquivalenceSpec"/> before any sampling, in rubric-author terms.</summary>
internal static class SpecValidator
{
    private const long MaxSampledElements = 1_000_000;
    private const long MaxExactInteger = 1L << 53;

    public static string? FindProblem(EquivalenceSpec spec)
    {
        if (spec.Samples < 1) return $"Samples must be at least 1, got {spec.Samples}";
        if (!(spec.RelativeTolerance >= 0) || !(spec.AbsoluteTolerance >= 0)
            || double.IsInfinity(spec.RelativeTolerance) || double.IsInfinity(spec.AbsoluteTolerance))
            return "tolerances must be finite and not negative";
        if (spec.Functions is null) return "no function table given";

        var names = new HashSet<string>(StringComparer.Ordinal);
        var integerRanges = new Dictionary<string, (long Min, long Max)>(StringComparer.Ordinal);
        foreach (var variable in spec.Variables)
        {
            if (variable is null || string.IsNullOrWhiteSpace(variable.Name)) return "a variable has no name";
            if (!names.Add(variable.Name)) return $"the name '{variable.Name}' is declared twice";
            foreach (var alias in variable.Aliases ?? [])
            {
                string spelled = FormulaEquivalence.StripBackslash(alias);
                if (spelled.Length == 0) return $"variable '{variable.Name}' has an empty alias";
                if (spelled != variable.Name && !names.Add(spelled))
                    return $"the alias '{alias}' of '{variable.Name}' is already used as a name";
            }
            if (DomainProblem(variable, integerRanges) is { } problem) return problem;
            if (variable.Domain is VariableDomain.Integer range) integerRanges[variable.Name] = (range.Min, range.Max);
        }
        foreach (var (name, definition) in spec.Definitions)
        {
            if (string.IsNullOrWhiteSpace(name) || definition is null) return "a definition has no name or no formula";
            if (!names.Add(name)) return $"the definition '{name}' reuses a name already declared";
        }
        if (spec.Constants is { } constants)
            foreach (var name in constants.Names)
                if (names.Contains(name)) return $"the constant '{name}' is also declared as a variable or definition";
        return null;
    }

    private static string? DomainProblem(VariableSpec variable, Dictionary<string, (long Min, long Max)> integers)
    {
        string name = variable.Name;
        switch (variable.Domain)
        {
            case VariableDomain.Real r:
                if (!double.IsFinite(r.Min) || !double.IsFinite(r.Max) || r.Min > r.Max)
                    return $"'{name}': the range [{r.Min}, {r.Max}] is empty or not finite";
                return null;
            case VariableDomain.Integer i:
                if (i.Min > i.Max) return $"'{name}': the range {i.Min}..{i.Max} is empty";
                if (Math.Abs(i.Min) > MaxExactInteger || Math.Abs(i.Max) > MaxExactInteger)
                    return $"'{name}': integer bounds must be within ±2^53";
                return null;
            case VariableDomain.Array a:
                if (!double.IsFinite(a.Min) || !double.IsFinite(a.Max) || a.Min > a.Max)
                    return $"'{name}': the entry range [{a.Min}, {a.Max}] is empty or not finite";
                if (a.IntegerValued && Math.Ceiling(a.Min) > Math.Floor(a.Max))
                    return $"'{name}': no whole number lies in [{a.Min}, {a.Max}]";
                if (a.Shape is null || a.Shape.Count == 0) return $"'{name}': an array needs at least one dimension";
                return ShapeProblem(name, a.Shape, integers);
            case VariableDomain.Simplex s:
                return ShapeProblem(name, [s.Length], integers);
            case VariableDomain.OneHot o:
                return ShapeProblem(name, [o.Length], integers);
            default:
                return $"'{name}' has no domain";
        }
    }

    private static string? ShapeProblem(string name, IReadOnlyList<DimensionRef> shape, Dictionary<string, (long Min, long Max)> integers)
    {
        long largest = 1;
        foreach (var dimension in shape)
        {
            long max;
            switch (dimension)
            {
                case DimensionRef.Fixed f:
                    if (f.Size < 1) return $"'{name}': dimension {f.Size} must be at least 1";
                    max = f.Size;
                    break;
                case DimensionRef.Variable v:
                    if (!integers.TryGetValue(v.Name, out var range))
                        return $"'{name}': dimension '{v.Name}' must be an integer variable declared before it";
                    if (range.Min < 1) return $"'{name}': dimension '{v.Name}' may be {range.Min}; give it a minimum of 1";
                    max = range.Max;
                    break;
                default:
                    return $"'{name}' has a missing dimension";
            }
            largest = max > MaxSampledElements ? MaxSampledElements + 1 : largest * max;
            if (largest > MaxSampledElements)
                return $"'{name}' may have more than {MaxSampledElements} entries; use smaller dimensions";
        }
        return null;
    }
}
