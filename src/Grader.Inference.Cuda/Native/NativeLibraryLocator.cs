using System.Runtime.InteropServices;

namespace Grader.Inference.Cuda.Native;

/// <summary>A native library opened by <see cref="NativeLibraryLocator"/>, with where it came from.</summary>
internal sealed record LoadedLibrary(string Name, IntPtr Handle, string Source)
{
    public unsafe IntPtr Export(string symbol) =>
        NativeLibrary.TryGetExport(Handle, symbol, out var p) ? p
        : throw new CudaUnavailableException($"{Name} ({Source}) has no function {symbol}: the library is too old or not the one expected");

    public IntPtr TryExport(string symbol) => NativeLibrary.TryGetExport(Handle, symbol, out var p) ? p : IntPtr.Zero;
}

/// <summary>
/// Finds the CUDA libraries in the order an operator would expect: folders given in the options
/// (or GRADER_CUDA_PATH), then the system loader (ldconfig, LD_LIBRARY_PATH), then CUDA toolkit
/// folders, then the <c>nvidia/*/lib</c> folders of installed Python environments, where pip's
/// CUDA wheels (the ones PyTorch uses) keep them on many GPU machines.
/// </summary>
internal sealed class NativeLibraryLocator
{
    private readonly IReadOnlyList<string> configured;
    private readonly IReadOnlyList<string> pythonFolders;

    public NativeLibraryLocator(string? libraryPath, IEnumerable<string>? pythonRoots = null)
    {
        configured = Split(libraryPath);
        pythonFolders = PythonNvidiaFolders(pythonRoots ?? DefaultPythonRoots()).ToArray();
    }

    private static readonly string[] ToolkitFolders = ["/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib", "/usr/lib/wsl/lib"];

    /// <summary>Opens the first of <paramref name="fileNames"/> found (most preferred first).
    /// Throws <see cref="CudaUnavailableException"/> listing every place looked in.</summary>
    public LoadedLibrary Load(string what, params string[] fileNames) =>
        TryLoad(fileNames, out var lib, out var tried) ? lib! with { Name = what }
        : throw new CudaUnavailableException($"{what} not found (looked for {string.Join(", ", fileNames)} in {tried}); "
            + $"install it or name its folder in {CudaOptions.PathVariable}");

    public bool TryLoad(string[] fileNames, out LoadedLibrary? library, out string tried)
    {
        tried = "";
        foreach (var name in fileNames)
        {
            foreach (var dir in configured)
                if ((library = Open(Path.Combine(dir, name))) is not null) return true;
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                library = new LoadedLibrary(name, handle, $"{name} from the system loader path");
                return true;
            }
            foreach (var dir in ToolkitFolders.Concat(pythonFolders))
                if ((library = Open(Path.Combine(dir, name))) is not null) return true;
        }
        library = null;
        tried = string.Join(", ", configured.Select(d => $"{d} (configured)").Append("the system loader path")
            .Concat(ToolkitFolders.Where(Directory.Exists)).Concat(pythonFolders));
        return false;
    }

    private static LoadedLibrary? Open(string path) =>
        File.Exists(path) && NativeLibrary.TryLoad(path, out var handle) ? new LoadedLibrary(Path.GetFileName(path), handle, path) : null;

    /// <summary>Loads every file in <paramref name="folder"/> matching <paramref name="pattern"/>
    /// (e.g. cuDNN 9's sub-libraries next to its shim) so that the library that dlopens them by
    /// soname finds them already loaded. Order does not matter: failures are retried until no
    /// more load (a file may need another that is not loaded yet).</summary>
    public static void Preload(string folder, string pattern)
    {
        if (!Directory.Exists(folder)) return;
        var pending = Directory.GetFiles(folder, pattern).Order(StringComparer.Ordinal).ToList();
        bool progress = true;
        while (pending.Count > 0 && progress)
        {
            progress = false;
            foreach (var file in pending.ToArray())
                if (NativeLibrary.TryLoad(file, out _)) { pending.Remove(file); progress = true; }
        }
    }

    private static IReadOnlyList<string> Split(string? path) =>
        (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>site-packages / dist-packages folders of the usual Python installations.</summary>
    internal static IEnumerable<string> DefaultPythonRoots()
    {
        var prefixes = new List<string> { "/usr/local/lib", "/usr/lib", "/opt/conda/lib" };
        foreach (var v in new[] { "VIRTUAL_ENV", "CONDA_PREFIX" })
            if (Environment.GetEnvironmentVariable(v) is { Length: > 0 } p) prefixes.Insert(0, Path.Combine(p, "lib"));
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length > 0) prefixes.Add(Path.Combine(home, ".local", "lib"));
        var roots = Split(Environment.GetEnvironmentVariable("PYTHONPATH")).ToList();
        foreach (var prefix in prefixes.Where(Directory.Exists))
            foreach (var py in SafeDirectories(prefix, "python3*"))
                roots.AddRange(new[] { "site-packages", "dist-packages" }.Select(s => Path.Combine(py, s)));
        roots.Add("/usr/lib/python3/dist-packages");
        return roots;
    }

    /// <summary>Every <c>nvidia/*/lib</c> folder under the given Python package roots, then
    /// <c>torch/lib</c> (wheels that bundle the CUDA libraries inside PyTorch itself).</summary>
    internal static IEnumerable<string> PythonNvidiaFolders(IEnumerable<string> roots)
    {
        var distinct = roots.Distinct().ToArray();
        var wheels = distinct.Select(r => Path.Combine(r, "nvidia")).Where(Directory.Exists)
            .SelectMany(n => SafeDirectories(n, "*")).Select(d => Path.Combine(d, "lib")).Where(Directory.Exists)
            .Order(StringComparer.Ordinal);
        return wheels.Concat(distinct.Select(r => Path.Combine(r, "torch", "lib")).Where(Directory.Exists)).ToArray();
    }

    private static IEnumerable<string> SafeDirectories(string dir, string pattern)
    {
        try { return Directory.GetDirectories(dir, pattern); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }
}
