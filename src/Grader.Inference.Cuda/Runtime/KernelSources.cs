using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Grader.Inference.Cuda.Runtime;

/// <summary>The CUDA C kernels embedded in this assembly (Kernels/*.cu), as one program:
/// common.cu first, then the others in name order.</summary>
internal static class KernelSources
{
    private const string Prefix = "Grader.Inference.Cuda.Kernels.";

    public static IReadOnlyList<(string Name, string Text)> Files { get; } = Load();

    public static string Program { get; } = string.Join("\n", Files.Select(f => $"// ---- {f.Name}\n{f.Text}"));

    /// <summary>Names of every kernel entry point (extern "C" __global__ void NAME).</summary>
    public static IReadOnlyList<string> EntryPoints { get; } =
        System.Text.RegularExpressions.Regex.Matches(Program, @"extern ""C"" __global__ void (\w+)\(").Select(m => m.Groups[1].Value).ToArray();

    public static string Hash { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Program)))[..16];

    private static (string, string)[] Load()
    {
        var assembly = typeof(KernelSources).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .OrderBy(n => n.EndsWith(".common.cu", StringComparison.Ordinal) ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal);
        return names.Select(n =>
        {
            using var s = assembly.GetManifestResourceStream(n)!;
            using var r = new StreamReader(s);
            return (n[Prefix.Length..], r.ReadToEnd());
        }).ToArray();
    }
}
