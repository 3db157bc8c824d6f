namespace Grader.Inference.Cuda.Runtime;

/// <summary>The loaded kernel image and its entry points, looked up once by name.</summary>
internal sealed class KernelModule
{
    private readonly IntPtr module;
    private readonly Dictionary<string, IntPtr> functions = [];
    private readonly CudaDevice device;
    public CompiledKernels Compiled { get; }

    public KernelModule(CudaDevice device, CompiledKernels compiled)
    {
        this.device = device;
        Compiled = compiled;
        module = device.Driver.LoadModule(compiled.IsCubin ? compiled.Image : [.. compiled.Image, 0]);
    }

    public IntPtr Function(string name)
    {
        if (!functions.TryGetValue(name, out var f)) functions[name] = f = device.Driver.Function(module, name);
        return f;
    }
}
