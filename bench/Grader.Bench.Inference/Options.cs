using System.Globalization;

namespace Grader.Bench.Inference;

public sealed class OptionException(string message) : Exception(message);

/// <summary>"--name value" pairs; a name may repeat (--only a --only b). A name followed by
/// another name or by nothing is a switch (--tf32), read with <see cref="Flag"/>.</summary>
public sealed class Options
{
    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);

    public static Options Parse(ReadOnlySpan<string> args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new OptionException($"expected '--name value' at '{args[i]}'");
            string name = args[i][2..];
            bool isSwitch = i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal);
            if (!o.values.TryGetValue(name, out var list)) o.values[name] = list = [];
            list.Add(isSwitch ? "true" : args[++i]);
        }
        return o;
    }

    /// <summary>A switch: absent is false; "--name", "--name true" and "--name false" as written.</summary>
    public bool Flag(string name) =>
        values.ContainsKey(name) && (bool.TryParse(String(name), out bool b) ? b
            : throw new OptionException($"--{name} is a switch (true or false)"));

    public string String(string name, string? fallback = null) =>
        values.TryGetValue(name, out var v) ? v[^1] : fallback ?? throw new OptionException($"--{name} is required");

    public IReadOnlyList<string> All(string name) => values.TryGetValue(name, out var v) ? v : [];

    public int Int(string name, int fallback) => values.ContainsKey(name) ? ParseInt(name) : fallback;

    public int? OptionalInt(string name) => values.ContainsKey(name) ? ParseInt(name) : null;

    public double Double(string name, double fallback) =>
        !values.ContainsKey(name) ? fallback
        : double.TryParse(String(name), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d
        : throw new OptionException($"--{name} takes a number");

    private int ParseInt(string name) =>
        int.TryParse(String(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n
        : throw new OptionException($"--{name} takes a positive integer");
}
