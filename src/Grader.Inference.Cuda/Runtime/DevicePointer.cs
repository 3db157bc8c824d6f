namespace Grader.Inference.Cuda.Runtime;

/// <summary>Address arithmetic on device pointers (plain 64-bit addresses) to float tensors.</summary>
internal static class DevicePointer
{
    /// <summary>The address <paramref name="elements"/> floats past <paramref name="address"/>.</summary>
    public static ulong Offset(ulong address, long elements) => address + (ulong)(elements * sizeof(float));
}
