using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Grader.Data.Migrations;

/// <summary>One versioned schema change: an embedded <c>NNNN_name.sql</c> resource.</summary>
public sealed partial record MigrationScript(int Version, string Name, string Sql)
{
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    /// <summary>Every script embedded in this assembly, in version order.</summary>
    public static IReadOnlyList<MigrationScript> Embedded { get; } = LoadEmbedded();

    private static List<MigrationScript> LoadEmbedded()
    {
        var assembly = typeof(MigrationScript).Assembly;
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ResourceName().Match(resource);
            if (!match.Success) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            scripts.Add(new MigrationScript(int.Parse(match.Groups[1].Value), match.Groups[2].Value, reader.ReadToEnd()));
        }
        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (int i = 0; i < scripts.Count; i++)
            if (scripts[i].Version != i + 1)
                throw new InvalidOperationException($"migration versions must be 1, 2, 3, ... without gaps; found {scripts[i].Version} at position {i + 1}");
        return scripts;
    }

    [GeneratedRegex(@"^Grader\.Data\.Migrations\.(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex ResourceName();
}
