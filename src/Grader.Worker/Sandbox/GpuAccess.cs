namespace Grader.Worker.Sandbox;

/// <summary>
/// What a GPU worker's children need beyond a CPU worker's: the NVIDIA device nodes, and the
/// folders of the CUDA libraries this process opened (read from /proc/self/maps, so the children
/// load exactly those, wherever the operator keeps them).
/// </summary>
internal static class GpuAccess
{
    private static readonly string[] CudaLibraryPrefixes = ["libcuda", "libnvrtc", "libcublas", "libcudnn", "libnvJitLink", "libnvidia"];

    public static IReadOnlyList<string> DeviceNodes()
    {
        if (!Directory.Exists("/dev")) return [];
        var nodes = Directory.GetFiles("/dev", "nvidia*").ToList();
        if (Directory.Exists("/dev/nvidia-caps")) nodes.AddRange(Directory.GetFiles("/dev/nvidia-caps"));
        return nodes.Order(StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<string> LoadedLibraryFolders()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return [];
        // Each line: address perms offset dev inode [path]; only mapped files have a path.
        return File.ReadLines(maps)
            .Select(line => line.IndexOf('/') is int at and >= 0 ? line[at..] : null)
            .Where(path => path is not null && CudaLibraryPrefixes.Any(Path.GetFileName(path)!.StartsWith))
            .Select(path => Path.GetDirectoryName(path)!)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
