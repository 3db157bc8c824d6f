using Grader.Core.Documents;

namespace Grader.Core.Rubrics;

/// <summary>The rubric-wide <c>defaults:</c> block, applied to items that do not say otherwise.</summary>
internal sealed record ItemDefaults(Tolerance Tolerance, PartialCredit Partial, double FollowThrough)
{
    public static ItemDefaults Read(DocNode? node)
    {
        if (node is null) return new(Tolerance.Default, PartialCredit.Proportional, 1.0);
        var fields = new MappingFields(node, "'defaults'");
        var defaults = new ItemDefaults(
            ReadTolerance(fields.Optional("tolerance")) ?? Tolerance.Default,
            ReadPartial(fields.Optional("partial")) ?? PartialCredit.Proportional,
            ReadFactor(fields.Optional("follow_through"), "follow_through") ?? 1.0);
        fields.RejectUnknownKeys();
        return defaults;
    }

    public static Tolerance? ReadTolerance(DocNode? node)
    {
        if (node is null) return null;
        var fields = new MappingFields(node, "'tolerance'");
        var tolerance = new Tolerance(NonNegative(fields, "abs"), NonNegative(fields, "rel"), ReadFigures(fields.Optional("sigfigs")));
        fields.RejectUnknownKeys();
        if (tolerance is { Absolute: null, Relative: null, SignificantFigures: null })
            throw new DocumentException("'tolerance' needs at least one of abs, rel, sigfigs", node.Position);
        return tolerance;
    }

    /// <summary>Absent: the policy's <see cref="Tolerance.RoundingFigures"/>; <c>false</c>: no rounding accepted.</summary>
    private static int? ReadFigures(DocNode? node)
    {
        if (node is null) return Tolerance.RoundingFigures;
        if (node is DocNode.Scalar scalar && scalar.TryGetBoolean(out var on))
            return on ? Tolerance.RoundingFigures : null;
        double figures = MappingFields.Number(node, "sigfigs");
        return figures is >= 1 and <= 15 && figures == Math.Floor(figures)
            ? (int)figures
            : throw new DocumentException("'sigfigs' must be a whole number from 1 to 15, or false", node.Position);
    }

    public static PartialCredit? ReadPartial(DocNode? node) => node is null ? null : MappingFields.Text(node, "partial") switch
    {
        "proportional" => PartialCredit.Proportional,
        "all_or_nothing" => PartialCredit.AllOrNothing,
        var other => throw new DocumentException($"partial '{other}' must be proportional or all_or_nothing", node.Position),
    };

    /// <summary>A credit factor in [0, 1]; <c>true</c> means the default factor.</summary>
    public static double? ReadFactor(DocNode? node, string key, double whenTrue = 1.0)
    {
        if (node is null) return null;
        if (node is DocNode.Scalar scalar && scalar.TryGetBoolean(out var flag)) return flag ? whenTrue : null;
        double factor = MappingFields.Number(node, key);
        return factor is >= 0 and <= 1 ? factor : throw new DocumentException($"'{key}' must be between 0 and 1", node.Position);
    }

    private static double? NonNegative(MappingFields fields, string key)
    {
        var value = fields.OptionalNumber(key);
        return value is < 0 ? throw new DocumentException($"'{key}' must not be negative", fields.Position) : value;
    }
}
