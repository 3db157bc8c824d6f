using System.Globalization;
using System.Text.RegularExpressions;

namespace Grader.Data.Files;

/// <summary>Sizes as people write them: "500MiB", "2GiB", "1.5 GB", "1048576".</summary>
public static partial class ByteSize
{
    public static long? Parse(string text)
    {
        var match = SizePattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return null;
        double unit = match.Groups[2].Value.ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "KIB" => 1L << 10, "MIB" => 1L << 20, "GIB" => 1L << 30, "TIB" => 1L << 40,
            "KB" => 1e3, "MB" => 1e6, "GB" => 1e9, "TB" => 1e12,
            _ => 0,
        };
        var bytes = number * unit;
        return unit > 0 && bytes is >= 1 and < long.MaxValue ? (long)bytes : null;
    }

    /// <summary>"64 MiB", "1.5 GiB", "512 B".</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : $"{value.ToString("0.#", CultureInfo.InvariantCulture)} {units[unit]}";
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$")]
    private static partial Regex SizePattern();
}
