namespace Grader.Core.Expressions;

/// <summary>Names that mean something when the scope does not bind them.</summary>
public static class Constants
{
    public static IReadOnlyList<string> Names { get; } = ["pi", "π", "e", "I"];

    public static bool TryGet(string name, out Value value)
    {
        Value? found = name switch
        {
            "pi" or "π" => Value.Of(Math.PI),
            "e" => Value.Of(Math.E),
            "I" => new Value.Identity(1),
            _ => null,
        };
        value = found!;
        return found is not null;
    }

    public static bool IsConstant(string name) => name is "pi" or "π" or "e" or "I";
}
