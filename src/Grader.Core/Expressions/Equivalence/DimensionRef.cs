namespace Grader.Core.Expressions;

/// <summary>
/// One dimension of a sampled array: a fixed size, or the name of an earlier
/// <see cref="VariableDomain.Integer"/> variable (so <c>X</c> can be n x d). Converts implicitly
/// from <c>int</c> and <c>string</c>: <c>new VariableDomain.Array(["n", 3], -1, 1)</c>.
/// </summary>
public abstract record DimensionRef
{
    public sealed record Fixed(int Size) : DimensionRef
    {
        public override string ToString() => Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public sealed record Variable(string Name) : DimensionRef
    {
        public override string ToString() => Name;
    }

    public static implicit operator DimensionRef(int size) => new Fixed(size);

    public static implicit operator DimensionRef(string name) => new Variable(name);
}
