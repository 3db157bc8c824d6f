using Grader.Core.Documents;
using Grader.Core.Expressions;

namespace Grader.Core.Rubrics;

/// <summary>
/// Reads <c>variables:</c> of a formula item, e.g. <c>H: { integer: [5, 64] }</c>,
/// <c>X: { matrix: [n, d], range: [-2, 2] }</c>, <c>y: { simplex: n }</c>.
/// </summary>
internal static class VariableDomainReader
{
    public static IReadOnlyList<VariableSpec> Read(DocNode? node)
    {
        var variables = new List<VariableSpec>();
        if (node is null) return variables;
        var integers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in RubricLoader.Entries(node, "variables"))
        {
            RubricSymbols.RequireIdentifier(key);
            var fields = new MappingFields(value, $"variable '{key.Text}'");
            var domain = ReadDomain(fields, integers, key.Text);
            var aliases = fields.OptionalTextList("aliases");
            fields.RejectUnknownKeys();
            if (domain is VariableDomain.Integer) integers.Add(key.Text);
            variables.Add(new VariableSpec(key.Text, domain, aliases));
        }
        return variables;
    }

    private static VariableDomain ReadDomain(MappingFields fields, HashSet<string> integers, string name)
    {
        if (fields.Optional("real") is { } real)
        {
            var (min, max) = Range(real, "real");
            return new VariableDomain.Real(min, max);
        }
        if (fields.Optional("integer") is { } integer)
        {
            var (min, max) = Range(integer, "integer");
            if (min != Math.Floor(min) || max != Math.Floor(max))
                throw new DocumentException("'integer' bounds must be whole numbers", integer.Position);
            return new VariableDomain.Integer((long)min, (long)max);
        }
        if (fields.Optional("simplex") is { } simplex) return new VariableDomain.Simplex(Dimension(simplex, integers));
        if (fields.Optional("onehot") is { } onehot) return new VariableDomain.OneHot(Dimension(onehot, integers));

        var shapeNode = fields.Optional("vector") ?? fields.Optional("matrix") ?? fields.Optional("tensor")
            ?? throw new DocumentException(
                $"variable '{name}' needs a domain: real, integer, vector, matrix, tensor, simplex or onehot", fields.Position);
        var shape = shapeNode is DocNode.Sequence dims
            ? dims.Items.Select(d => Dimension(d, integers)).ToList()
            : [Dimension(shapeNode, integers)];
        var (low, high) = fields.Optional("range") is { } range ? Range(range, "range") : (-1.0, 1.0);
        var integerValued = fields.OptionalBool("integer_valued", false);
        return new VariableDomain.Array(shape, low, high, integerValued);
    }

    private static (double Min, double Max) Range(DocNode node, string key)
    {
        if (node is DocNode.Sequence { Items.Count: 2 } pair)
        {
            double min = MappingFields.Number(pair.Items[0], key), max = MappingFields.Number(pair.Items[1], key);
            if (min <= max) return (min, max);
        }
        throw new DocumentException($"'{key}' must be [min, max] with min <= max", node.Position);
    }

    private static DimensionRef Dimension(DocNode node, HashSet<string> integers)
    {
        if (node is DocNode.Scalar scalar && scalar.TryGetNumber(out var n))
            return n is >= 1 and <= 64 && n == Math.Floor(n)
                ? new DimensionRef.Fixed((int)n)
                : throw new DocumentException("a dimension must be a whole number from 1 to 64", node.Position);
        var name = MappingFields.Text(node, "dimension");
        return integers.Contains(name)
            ? new DimensionRef.Variable(name)
            : throw new DocumentException($"dimension '{name}' must be a number or an earlier integer variable", node.Position);
    }
}
