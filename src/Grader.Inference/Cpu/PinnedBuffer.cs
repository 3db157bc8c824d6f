using System.Runtime.InteropServices;

namespace Grader.Inference.Cpu;

/// <summary>A float array on the pinned object heap, so kernels can hold raw pointers to it for
/// the life of a bound plan without fixed blocks in the hot loop.</summary>
internal sealed unsafe class PinnedBuffer
{
    private readonly float[] data;
    public float* Ptr { get; }
    public int Length => data.Length;

    public PinnedBuffer(long length)
    {
        data = GC.AllocateArray<float>(checked((int)Math.Max(length, 1)), pinned: true);
        Ptr = (float*)Marshal.UnsafeAddrOfPinnedArrayElement(data, 0);
    }

    public static PinnedBuffer? CopyOf(float[]? src)
    {
        if (src is null) return null;
        var b = new PinnedBuffer(src.Length);
        src.CopyTo(b.data, 0);
        return b;
    }

    public Span<float> Span => data;
}
