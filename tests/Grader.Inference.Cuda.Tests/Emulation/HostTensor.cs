using System.Runtime.InteropServices;

namespace Grader.Inference.Cuda.Tests.Emulation;

/// <summary>Unmanaged float memory standing in for a device buffer (stable address, so kernels and
/// lambdas can hold the pointer).</summary>
internal sealed unsafe class HostTensor : IDisposable
{
    public HostTensor(int length, float fill = float.NaN)
    {
        Length = length;
        Ptr = (float*)NativeMemory.Alloc((nuint)Math.Max(length, 1), sizeof(float));
        Span.Fill(fill);
    }

    public HostTensor(float[] values) : this(values.Length) => values.CopyTo(Span);

    public float* Ptr { get; private set; }
    public int Length { get; }
    public Span<float> Span => new(Ptr, Length);

    /// <summary>NaN everywhere: an element a kernel never writes then fails the comparison.</summary>
    public void Poison() => Span.Fill(float.NaN);

    public float[] ToArray() => Span.ToArray();

    public void Dispose()
    {
        if (Ptr == null) return;
        NativeMemory.Free(Ptr);
        Ptr = null;
    }
}
