using System.Runtime.InteropServices;

namespace Grader.Inference.Cuda.Runtime;

/// <summary>
/// A kernel launch prepared once at bind time: cuLaunchKernel takes an array of pointers to the
/// argument values, so the values live in one unmanaged block that stays put for the plan's life.
/// </summary>
internal sealed unsafe class KernelLaunch : IDisposable
{
    private const int Threads = 256;
    private readonly CudaDevice device;
    private readonly IntPtr function;
    private readonly string name;
    private readonly uint grid;
    private byte* values;
    private void** pointers;

    private KernelLaunch(CudaDevice device, string name, long work, List<(int Offset, byte[] Bytes)> args, int size)
    {
        this.device = device;
        this.name = name;
        function = device.Kernels.Function(name);
        // Grid-stride kernels: enough blocks to fill the device, not one thread per element.
        grid = (uint)Math.Clamp((work + Threads - 1) / Threads, 1, (long)device.Multiprocessors * 32);
        values = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(size, 8), 16);
        pointers = (void**)NativeMemory.Alloc((nuint)Math.Max(args.Count, 1), (nuint)sizeof(void*));
        for (int i = 0; i < args.Count; i++)
        {
            args[i].Bytes.CopyTo(new Span<byte>(values + args[i].Offset, args[i].Bytes.Length));
            pointers[i] = values + args[i].Offset;
        }
    }

    public override string ToString() => name;

    public void Enqueue(IntPtr stream) => device.Driver.Launch(function, grid, 1, 1, Threads, 1, 1, 0, stream, pointers, name);

    public void Dispose()
    {
        if (values == null) return;
        NativeMemory.AlignedFree(values);
        NativeMemory.Free(pointers);
        values = null;
        pointers = null;
    }

    /// <summary>Collects argument values in the order of the kernel's parameters.</summary>
    public sealed class Builder(CudaDevice device, string name, long work)
    {
        private readonly List<(int, byte[])> args = [];
        private int size;

        public Builder Add<T>(T value) where T : unmanaged
        {
            // 8-byte alignment suffices for every parameter type the kernels take.
            size = (size + 7) / 8 * 8;
            var bytes = new byte[sizeof(T)];
            MemoryMarshal.Write(bytes, in value);
            args.Add((size, bytes));
            size += bytes.Length;
            return this;
        }

        public Builder Ptr(ulong devicePointer) => Add(devicePointer);

        public KernelLaunch Build() => new(device, name, work, args, size);
    }
}
