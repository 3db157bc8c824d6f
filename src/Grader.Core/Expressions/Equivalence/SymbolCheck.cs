namespace Grader.Core.Expressions;

/// <summary>Finds names a formula uses that nothing defines, before any sampling.</summary>
internal static class SymbolCheck
{
    /// <summary>The first unknown name in text order, as a message naming its column; null when all are known.</summary>
    public static (string Message, int Column)? FindUnknown(Expr expr, IReadOnlySet<string> known, FunctionTable functions)
    {
        bool IsValue(string name) => known.Contains(name) || Constants.IsConstant(name);

        var problems = new List<(string Message, int Column)>();
        foreach (var reference in expr.VariableReferences())
        {
            if (IsValue(reference.Name)) continue;
            problems.Add(functions.Contains(reference.Name)
                ? ($"'{reference.Name}' at column {reference.Column} is a function: write {reference.Name}(...)", reference.Column)
                : ($"unknown symbol '{reference.Name}' at column {reference.Column}", reference.Column));
        }
        foreach (var call in expr.Calls())
        {
            if (IsValue(call.Name) || functions.Contains(call.Name)) continue;
            problems.Add((functions.WhyWithheld(call.Name) is { } why
                ? $"{why} (column {call.Column})"
                : $"unknown function '{call.Name}' at column {call.Column}", call.Column));
        }
        return problems.Count == 0 ? null : problems.MinBy(p => p.Column);
    }
}
