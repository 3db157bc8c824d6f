using System.Diagnostics;
using System.Text.Json;

namespace Grader.Inference.Tests.Architectures;

/// <summary>One export of tools/fixtures/export_torchvision.py, as its manifest.json describes it.</summary>
public sealed record TorchvisionExport(string Name, int Opset, int[] ImageShape, long Parameters, bool Large, string? File, string? ExportError)
{
    public string Key => $"{Name}_opset{Opset}";
    public string Path => System.IO.Path.Combine(TorchvisionExports.Directory, File ?? throw new InvalidOperationException($"{Key} was not exported: {ExportError}"));
}

/// <summary>
/// torchvision's classification networks exported to ONNX by tools/fixtures/export_torchvision.py
/// (seeded random weights, num_classes=10, dynamic batch, opsets 13 and 17) into a cache under
/// .data (about 1 GB, not in git). The first test that needs them runs the script when the cache
/// lacks them: a few minutes, with Debian's python3-torch, python3-torchvision and python3-onnx.
/// </summary>
public static class TorchvisionExports
{
    public const string Python = "/usr/bin/python3";

    /// <summary>The networks CI runs (the script's "ci" set); vgg11_bn, alexnet and vit_b_16 (over
    /// 100 MB of weights) are the "large" set, run by tools/fixtures/architectures.sh.</summary>
    public static readonly string[] Ci =
    [
        "resnet18", "resnet50", "squeezenet1_1", "densenet121", "googlenet", "inception_v3", "mobilenet_v2",
        "mobilenet_v3_small", "efficientnet_b0", "regnet_y_400mf", "shufflenet_v2_x1_0", "mnasnet0_5", "convnext_tiny", "swin_t",
    ];

    public static readonly string[] Large = ["vgg11_bn", "alexnet", "vit_b_16"];
    public static readonly int[] Opsets = [13, 17];

    /// <summary>$GRADER_TORCHVISION_DIR (relative to the repository) or .data/torchvision.</summary>
    public static string Directory => System.IO.Path.GetFullPath(
        Environment.GetEnvironmentVariable("GRADER_TORCHVISION_DIR") is { Length: > 0 } d ? d : System.IO.Path.Combine(".data", "torchvision"), RepositoryRoot.Path);

    /// <summary>Why the exports cannot be made here (no PyTorch), else null.</summary>
    public static string? Unavailable { get; } = CheckPython();

    private static readonly Lock Gate = new();

    /// <summary>The export of <paramref name="name"/> at <paramref name="opset"/>, made now if the cache lacks it.</summary>
    public static TorchvisionExport Get(string name, int opset)
    {
        lock (Gate)
        {
            var manifest = Read();
            string key = $"{name}_opset{opset}";
            if (!manifest.TryGetValue(key, out var e) || e.File is not null && !System.IO.File.Exists(e.Path))
            {
                // Everything of the set at once: one PyTorch start-up instead of one per network.
                Export(Large.Contains(name) ? "large" : "ci");
                manifest = Read();
            }
            return manifest.TryGetValue(key, out e) ? e : throw new InvalidOperationException($"the export script wrote no {key}");
        }
    }

    private static Dictionary<string, TorchvisionExport> Read()
    {
        string path = System.IO.Path.Combine(Directory, "manifest.json");
        if (!System.IO.File.Exists(path)) return [];
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(path));
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p =>
        {
            var v = p.Value;
            string? Str(string n) => v.TryGetProperty(n, out var s) ? s.GetString() : null;
            return new TorchvisionExport(v.GetProperty("name").GetString()!, v.GetProperty("opset").GetInt32(),
                v.GetProperty("input").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
                v.TryGetProperty("parameters", out var n) ? n.GetInt64() : 0, v.GetProperty("large").GetBoolean(), Str("file"), Str("export_error"));
        });
    }

    private static void Export(string set)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        foreach (var a in new[] { System.IO.Path.Combine("tools", "fixtures", "export_torchvision.py"), "--out", Directory, "--set", set })
            start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"export_torchvision.py failed ({p.ExitCode}):\n{stderr.Result}");
    }

    private static string? CheckPython()
    {
        if (!System.IO.File.Exists(Python)) return $"{Python} is not installed";
        var start = new ProcessStartInfo(Python, ["-c", "import torch, torchvision, onnx"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(start)!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? null
            : $"PyTorch is not importable by {Python} (Debian packages python3-torch python3-torchvision python3-onnx; scripts/prerequisites.sh installs them): {error.Trim().Split('\n')[^1]}";
    }
}

/// <summary>Skips with the reason where PyTorch is missing, so the exports cannot be made.</summary>
public sealed class TorchvisionTheoryAttribute : TheoryAttribute
{
    public TorchvisionTheoryAttribute(bool large = false)
    {
        if (TorchvisionExports.Unavailable is { } why) Skip = why;
        else if (large && Environment.GetEnvironmentVariable("GRADER_LARGE_ARCHITECTURES") != "1")
            Skip = "the networks over 100 MB run in tools/fixtures/architectures.sh (GRADER_LARGE_ARCHITECTURES=1)";
    }
}
