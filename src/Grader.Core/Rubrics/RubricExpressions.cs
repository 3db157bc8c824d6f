using Grader.Core.Documents;
using Grader.Core.Expressions;

namespace Grader.Core.Rubrics;

/// <summary>Parses the expression strings of a rubric, reporting errors at their file position.</summary>
internal static class RubricExpressions
{
    public static Expr Parse(DocNode node, string key)
    {
        var text = MappingFields.Text(node, key);
        var result = ExpressionParser.Parse(text);
        if (result.Succeeded) return result.Expression;
        // Columns inside a one-line scalar map onto the file; a quote adds one.
        int column = node.Position.Column + result.Error!.Column - 1 + (node is DocNode.Scalar { Quoted: true } ? 1 : 0);
        throw new DocumentException($"'{key}': {result.Error.Message} in \"{text}\"", node.Position with { Column = column });
    }

    /// <summary>A plain number or a list is a literal; text is an expression.</summary>
    public static bool IsExpression(DocNode node) =>
        node is DocNode.Scalar scalar && !scalar.TryGetNumber(out _);

    /// <summary>Stable across processes (unlike string.GetHashCode), so sampling is reproducible.</summary>
    public static int StableSeed(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text) hash = (hash ^ c) * 16777619;
        return (int)(hash & 0x7fffffff);
    }
}
