using Grader.Core.Numerics;

namespace Grader.Core.Expressions;

/// <summary>
/// Decides whether a student formula means the same as the reference by evaluating both at many
/// random points drawn from the spec's variable domains. Deterministic for a given spec (seeded).
/// Never throws for any formula; a broken spec comes back <see cref="EquivalenceOutcome.Inconclusive"/>.
/// </summary>
public static class FormulaEquivalence
{
    private const int AttemptsPerSample = 20;

    /// <summary>Parses both texts first; a candidate that does not parse is a <see cref="EquivalenceOutcome.CandidateError"/>.</summary>
    public static EquivalenceResult Check(string reference, string candidate, EquivalenceSpec spec)
    {
        var parsedReference = ExpressionParser.Parse(reference);
        if (!parsedReference.Succeeded)
            return Inconclusive($"the reference formula does not parse: {parsedReference.Error.Message}", 0, 0);
        var parsedCandidate = ExpressionParser.Parse(candidate);
        if (!parsedCandidate.Succeeded)
            return new EquivalenceResult(EquivalenceOutcome.CandidateError, parsedCandidate.Error.Message, null, 0, 0)
            {
                Column = parsedCandidate.Error.Column,
            };
        return Check(parsedReference.Expression, parsedCandidate.Expression, spec);
    }

    public static EquivalenceResult Check(Expr reference, Expr candidate, EquivalenceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(spec);
        if (SpecValidator.FindProblem(spec) is { } problem)
            return Inconclusive("rubric problem: " + problem, 0, 0);
        if (FindUnknownInSpec(reference, spec) is { } specProblem)
            return Inconclusive("rubric problem: " + specProblem, 0, 0);

        var known = KnownNames(spec);
        if (SymbolCheck.FindUnknown(candidate, known, spec.CandidateFunctions) is { } unknown)
            return new EquivalenceResult(
                EquivalenceOutcome.CandidateError,
                $"{unknown.Message}; {AllowedNames(spec)}",
                null, 0, 0) { Column = unknown.Column };

        return new SamplingRun(reference, candidate, spec).Run();
    }

    internal static string StripBackslash(string name) => name.StartsWith('\\') ? name[1..] : name;

    private static HashSet<string> KnownNames(EquivalenceSpec spec)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in spec.Variables)
        {
            known.Add(variable.Name);
            foreach (var alias in variable.Aliases ?? []) known.Add(StripBackslash(alias));
        }
        foreach (var (name, _) in spec.Definitions) known.Add(name);
        if (spec.Constants is { } constants) known.UnionWith(constants.Names);
        known.UnionWith(spec.Indices);
        return known;
    }

    private static string AllowedNames(EquivalenceSpec spec)
    {
        var names = spec.Variables.Select(v => v.Name)
            .Concat(spec.Definitions.Select(d => d.Name))
            .Concat(spec.Constants?.Names ?? [])
            .ToList();
        return names.Count == 0
            ? "this answer needs no variables"
            : "you may use: " + string.Join(", ", names);
    }

    /// <summary>Checks that the reference, definitions (each seeing only earlier names) and constraint use known names.</summary>
    private static string? FindUnknownInSpec(Expr reference, EquivalenceSpec spec)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in spec.Variables)
        {
            known.Add(variable.Name);
            foreach (var alias in variable.Aliases ?? []) known.Add(StripBackslash(alias));
        }
        if (spec.Constants is { } constants) known.UnionWith(constants.Names);
        foreach (var (name, definition) in spec.Definitions)
        {
            if (SymbolCheck.FindUnknown(definition, known, spec.Functions) is { } inDefinition)
                return $"definition '{name}': {inDefinition.Message}";
            known.Add(name);
        }
        if (spec.Constraint is { } constraint && SymbolCheck.FindUnknown(constraint, known, spec.Functions) is { } inConstraint)
            return $"constraint: {inConstraint.Message}";
        if (SymbolCheck.FindUnknown(reference, known, spec.Functions) is { } inReference)
            return $"reference formula: {inReference.Message}";
        return null;
    }

    private static EquivalenceResult Inconclusive(string message, int tried, int compared) =>
        new(EquivalenceOutcome.Inconclusive, message, null, tried, compared);

    /// <summary>The sampling loop, with the bookkeeping needed to explain an inconclusive run.</summary>
    private sealed class SamplingRun(Expr reference, Expr candidate, EquivalenceSpec spec)
    {
        private readonly VariableSampler _sampler = new(new Random(spec.Seed));
        private readonly List<string> _indicesUsed = spec.Indices.Intersect(candidate.FreeVariables()).ToList();
        private int _tried;
        private int _compared;
        private int _constraintFalse;
        private readonly Dictionary<string, (int Count, string First)> _failures = new(StringComparer.Ordinal);

        public EquivalenceResult Run()
        {
            int maxAttempts = spec.Samples * AttemptsPerSample;
            while (_tried < maxAttempts && _compared < spec.Samples)
            {
                _tried++;
                var bindings = SampleVariables(out string? samplingError);
                if (bindings is null)
                    return Inconclusive($"rubric problem: could not sample the variables: {samplingError}", _tried, _compared);
                if (!TryBuildScope(bindings, out var scope)) continue;
                if (!ConstraintHolds(scope)) continue;
                if (!TryEvaluate(reference, scope, out var expected, out var referenceError))
                {
                    Reject("the reference formula failed", referenceError.Message);
                    continue;
                }
                if (expected is Value.Tensor { Array: var e } && !e.AllFinite())
                {
                    Reject("the reference value was not finite", NdArrayFormatter.Format(e));
                    continue;
                }
                if (!TryEvaluateCandidate(scope, expected, out var actual, out var candidateError))
                {
                    // An error that only some points trigger needs the point to make sense of it.
                    string where = _compared > 0 ? $" (when {Describe(bindings)})" : "";
                    return new EquivalenceResult(EquivalenceOutcome.CandidateError, candidateError.Message + where,
                        bindings, _tried, _compared) { Column = candidateError.Column, Expected = expected };
                }
                var (kind, difference) = ResultComparison.Compare(expected, actual, spec.RelativeTolerance, spec.AbsoluteTolerance);
                if (kind != ResultComparison.Kind.Same)
                {
                    string message = kind == ResultComparison.Kind.Shape
                        ? difference + DimensionsNote(bindings)
                        : $"differs at {Describe(bindings)}: {difference}";
                    return new EquivalenceResult(EquivalenceOutcome.NotEquivalent, message, bindings, _tried, _compared)
                    {
                        Expected = expected,
                        Actual = actual,
                    };
                }
                _compared++;
            }
            int needed = Math.Max(1, (spec.Samples + 1) / 2);
            if (_compared >= needed)
                return new EquivalenceResult(EquivalenceOutcome.Equivalent,
                    $"agrees with the reference at {_compared} random points", null, _tried, _compared);
            return Inconclusive(ExplainShortfall(), _tried, _compared);
        }

        private List<KeyValuePair<string, Value>>? SampleVariables(out string? error)
        {
            var integers = new Dictionary<string, long>(StringComparer.Ordinal);
            var bindings = new List<KeyValuePair<string, Value>>();
            try
            {
                foreach (var variable in spec.Variables)
                {
                    var value = _sampler.Sample(variable.Domain, integers);
                    if (variable.Domain is VariableDomain.Integer)
                        integers[variable.Name] = (long)((Value.Tensor)value).Array.Data[0];
                    bindings.Add(new(variable.Name, value));
                }
            }
            catch (Exception e) when (e is ArgumentException or OverflowException or KeyNotFoundException)
            {
                error = e.Message;
                return null;
            }
            error = null;
            return bindings;
        }

        private bool TryBuildScope(List<KeyValuePair<string, Value>> bindings, out Scope scope)
        {
            scope = spec.Constants ?? Scope.Empty;
            for (int i = 0; i < bindings.Count; i++)
            {
                scope = scope.With(bindings[i].Key, bindings[i].Value);
                foreach (var alias in spec.Variables[i].Aliases ?? [])
                    scope = scope.With(StripBackslash(alias), bindings[i].Value);
            }
            foreach (var (name, definition) in spec.Definitions)
            {
                if (!TryEvaluate(definition, scope, out var value, out var error))
                {
                    Reject($"the definition of '{name}' failed", error.Message);
                    return false;
                }
                scope = scope.With(name, value);
            }
            return true;
        }

        private bool ConstraintHolds(Scope scope)
        {
            if (spec.Constraint is not { } constraint) return true;
            if (!TryEvaluate(constraint, scope, out var value, out var error))
            {
                Reject("the constraint failed", error.Message);
                return false;
            }
            bool holds = value is Value.Tensor { Array: var a } && a.Length > 0 && a.Data.All(x => x != 0 && !double.IsNaN(x));
            if (!holds) _constraintFalse++;
            return holds;
        }

        private bool TryEvaluate(Expr expr, Scope scope, out Value value, out EvaluationException error, FunctionTable? functions = null) =>
            TryRun((expr, scope, functions ?? spec.Functions), static (s, budget) => ExpressionEvaluator.Evaluate(s.expr, s.scope, s.Item3, budget),
                out value, out error);

        /// <summary>Runs one evaluation under a fresh budget; the state is passed through so that no closure is allocated per point.</summary>
        private bool TryRun<TState>(TState state, Func<TState, EvaluationBudget, Value> evaluate, out Value value, out EvaluationException error)
        {
            try
            {
                value = evaluate(state, new EvaluationBudget(spec.MaxOperationsPerEvaluation));
                error = null!;
                return true;
            }
            catch (EvaluationException e)
            {
                error = e;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Only a bug in a built-in gets here; it must not take down the grading run.
                error = new EvaluationException($"the expression could not be evaluated: {e.Message}");
            }
            value = null!;
            return false;
        }

        /// <summary>
        /// The student's formula at one point: as a whole, or, written in the item's index names,
        /// entry by entry over the expected value's shape (1-based, as the sheets count).
        /// </summary>
        private bool TryEvaluateCandidate(Scope scope, Value expected, out Value actual, out EvaluationException error)
        {
            if (_indicesUsed.Count == 0)
                return TryEvaluate(candidate, scope, out actual, out error, spec.CandidateFunctions);
            var shape = expected is Value.Tensor { Array: var e } ? e.Shape : [];
            return TryRun((candidate, scope, spec, shape), static (s, budget) =>
                    Value.Of(ExpressionEvaluator.EvaluateEntries(s.candidate, s.scope, s.spec.CandidateFunctions, s.spec.Indices, s.shape, budget)),
                out actual, out error);
        }

        private void Reject(string reason, string detail)
        {
            _failures[reason] = _failures.TryGetValue(reason, out var seen) ? (seen.Count + 1, seen.First) : (1, detail);
        }

        private string DimensionsNote(List<KeyValuePair<string, Value>> bindings)
        {
            var dimensions = bindings
                .Where((b, i) => spec.Variables[i].Domain is VariableDomain.Integer)
                .ToList();
            return dimensions.Count == 0 ? "" : $" (when {Describe(dimensions)})";
        }

        private static string Describe(IEnumerable<KeyValuePair<string, Value>> bindings) =>
            string.Join(", ", bindings.Select(b => $"{b.Key}={ResultComparison.FormatBinding(b.Value)}"));

        private string ExplainShortfall()
        {
            var reasons = new List<string>();
            if (_constraintFalse > 0) reasons.Add($"the constraint was false at {_constraintFalse} points");
            foreach (var (reason, (count, first)) in _failures)
                reasons.Add($"{reason} at {count} points (first: {first})");
            string why = reasons.Count == 0 ? "" : ": " + string.Join("; ", reasons);
            return $"only {_compared} of {_tried} sample points could be used, {spec.Samples} were wanted{why}. "
                + "Widen the variable ranges, relax the constraint or fix the reference.";
        }
    }
}
