using Grader.Inference;
using Grader.Inference.Cpu;
using Grader.Inference.Cuda;
using Grader.Worker.Sandbox.Protocol;

namespace Grader.Worker.Sandbox.Child;

/// <summary>Opens, in the child, the backend the worker chose.</summary>
internal static class ChildBackend
{
    public static IInferenceBackend Open(ChildDevice device) => device.Gpu
        ? CudaBackend.Create(new CudaOptions
        {
            LibraryPath = device.CudaLibraryPath,
            AllowTf32 = device.AllowTf32,
            KernelCacheDirectory = device.KernelCacheDirectory,
        })
        : new CpuBackend();
}
