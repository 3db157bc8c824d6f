using Grader.Inference.Cuda.Tests.Emulation;

namespace Grader.Inference.Cuda.Tests.Ops;

/// <summary>
/// Host buffers standing in for device memory, addressed by their native pointers as the
/// binding's device addresses would be. Every access goes through <see cref="Element"/>, which
/// fails the test where a wrong leading dimension or stride would read or write outside the
/// buffer (on the GPU: garbage or an illegal address), and writes are counted per element.
/// </summary>
internal sealed unsafe class HostMemory : IDisposable
{
    private readonly List<(HostTensor Tensor, string Name, int[] Writes)> buffers = [];

    /// <summary>A buffer holding <paramref name="values"/>, or NaN (never written) when null.</summary>
    public ulong Add(string name, float[] values) => Add(name, new HostTensor(values));

    public ulong Add(string name, int length) => Add(name, new HostTensor(length));

    private ulong Add(string name, HostTensor tensor)
    {
        buffers.Add((tensor, name, new int[tensor.Length]));
        return (ulong)tensor.Ptr;
    }

    public HostTensor Tensor(ulong address) => Find(address, "?").Tensor;

    /// <summary>Element <paramref name="index"/> counted from <paramref name="address"/>, which
    /// must stay inside the buffer the address points into.</summary>
    public ref float Element(ulong address, long index, string what, bool write = false)
    {
        var (tensor, name, writes) = Find(address, what);
        long at = (long)(address - (ulong)tensor.Ptr) / sizeof(float) + index;
        if (index < 0 || at >= tensor.Length)
            Assert.Fail($"{what}: element {index} from the address is element {at} of {name}, which has {tensor.Length}");
        if (write) writes[at]++;
        return ref tensor.Ptr[at];
    }

    /// <summary>Every element of the buffer written exactly once since it was added or reset.</summary>
    public void AssertWrittenOnce(ulong address)
    {
        var (_, name, writes) = Find(address, "output");
        for (int i = 0; i < writes.Length; i++)
            if (writes[i] != 1) Assert.Fail($"element {i} of {name} is written {writes[i]} times");
    }

    private (HostTensor Tensor, string Name, int[] Writes) Find(ulong address, string what)
    {
        foreach (var b in buffers)
            if (address >= (ulong)b.Tensor.Ptr && address < (ulong)(b.Tensor.Ptr + b.Tensor.Length))
                return b;
        Assert.Fail($"{what}: address {address:x} is in no buffer");
        return default;
    }

    public void Dispose()
    {
        foreach (var b in buffers) b.Tensor.Dispose();
    }
}
