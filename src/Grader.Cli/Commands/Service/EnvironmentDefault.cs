using System.CommandLine;
using System.Globalization;

namespace Grader.Cli.Commands.Service;

/// <summary>
/// Service options that an operator sets in an environment file (deploy/grader.env, read by the
/// systemd units) as well as on the command line: the option wins, then <c>GRADER_*</c>, then the
/// built-in default. A value that does not parse is a usage error naming the variable, not a
/// silent fallback.
/// </summary>
public static class EnvironmentDefault
{
    public static Option<T> FromEnvironment<T>(this Option<T> option, string variable, Func<T> fallback)
    {
        option.Description = $"{option.Description} [env: {variable}]";
        option.DefaultValueFactory = result =>
        {
            if (Environment.GetEnvironmentVariable(variable) is not { Length: > 0 } text) return fallback();
            if (TryParse(text.Trim(), out T value)) return value;
            result.AddError($"{variable}={text}: not a valid value for {option.Name}");
            return fallback();
        };
        return option;
    }

    private static bool TryParse<T>(string text, out T value)
    {
        object? parsed = typeof(T) switch
        {
            var t when t == typeof(string) => text,
            var t when t == typeof(int) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            var t when t == typeof(long) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            var t when t == typeof(double) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            // An enum by name (any case), never by number: "process", not "2".
            { IsEnum: true } t => !char.IsAsciiDigit(text[0]) && Enum.TryParse(t, text, ignoreCase: true, out var member) ? member : null,
            var t when t == typeof(bool) => text.ToLowerInvariant() switch
            {
                "1" or "true" or "yes" or "on" => true,
                "0" or "false" or "no" or "off" => false,
                _ => null,
            },
            _ => throw new NotSupportedException($"no environment parsing for {typeof(T).Name}"),
        };
        value = parsed is T typed ? typed : default!;
        return parsed is not null;
    }
}
