using System.Text.RegularExpressions;
using Grader.Core.Documents;
using Grader.Core.Expressions;

namespace Grader.Core.Rubrics;

/// <summary>
/// The names a rubric expression may use: inputs, variants and the names of earlier items.
/// Items may only refer backwards, so grading in file order always has what it needs.
/// </summary>
internal sealed partial class RubricSymbols(IEnumerable<string> constants)
{
    private readonly HashSet<string> _constants = new(constants, StringComparer.Ordinal);
    private readonly Dictionary<string, string> _itemIdsByName = new(StringComparer.Ordinal);

    public void AddItem(string name, string itemId, SourcePosition position)
    {
        if (_constants.Contains(name) || !_itemIdsByName.TryAdd(name, itemId))
            throw new DocumentException($"name '{name}' is already used", position);
    }

    public bool IsKnown(string name) => _constants.Contains(name) || _itemIdsByName.ContainsKey(name);

    /// <summary>The ids of the earlier items an expression refers to.</summary>
    public IReadOnlyList<string> ItemsUsedBy(Expr expression) =>
        expression.FreeVariables().Where(_itemIdsByName.ContainsKey).Select(n => _itemIdsByName[n]).Distinct().ToList();

    /// <summary>Rejects an expression that names anything not declared (a typo would otherwise fail per student).</summary>
    public void RequireKnown(Expr expression, DocNode at, string key, IReadOnlyCollection<string>? local = null)
    {
        foreach (var name in expression.FreeVariables())
        {
            if (IsKnown(name) || local?.Contains(name) == true || Constants.IsConstant(name) || name is "student_index" or "student_id") continue;
            var known = _constants.Concat(_itemIdsByName.Keys).Concat(local ?? []).Order();
            throw new DocumentException(
                $"'{key}' uses '{name}', which is no input, variant, variable or earlier item name (known: {string.Join(", ", known)})",
                at.Position);
        }
    }

    public static void RequireIdentifier(DocNode.Scalar key)
    {
        if (!Identifier().IsMatch(key.Text))
            throw new DocumentException($"'{key.Text}' is not a valid name (letters, digits, '_'; not starting with a digit)", key.Position);
    }

    public static void RequireIdentifier(string name, SourcePosition position)
    {
        if (!Identifier().IsMatch(name))
            throw new DocumentException($"'{name}' is not a valid name (letters, digits, '_'; not starting with a digit)", position);
    }

    [GeneratedRegex(@"^\p{L}[\p{L}\p{Nd}_]*$")]
    private static partial Regex Identifier();
}
