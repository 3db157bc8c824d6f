using System.Runtime.InteropServices;

namespace Grader.Inference.Cuda.Native;

/// <summary>The CUDA driver API (libcuda.so.1, installed with the NVIDIA driver): the functions
/// the backend uses, bound once by symbol (the versioned _v2 entry points the headers map to).</summary>
internal sealed unsafe class CudaDriver
{
    public LoadedLibrary Library { get; }
    private readonly delegate* unmanaged<uint, int> init;
    private readonly delegate* unmanaged<int*, int> deviceGetCount;
    private readonly delegate* unmanaged<int*, int, int> deviceGet;
    private readonly delegate* unmanaged<byte*, int, int, int> deviceGetName;
    private readonly delegate* unmanaged<int*, int, int, int> deviceGetAttribute;
    private readonly delegate* unmanaged<nuint*, int, int> deviceTotalMem;
    private readonly delegate* unmanaged<IntPtr*, int, int> primaryCtxRetain;
    private readonly delegate* unmanaged<int, int> primaryCtxRelease;
    private readonly delegate* unmanaged<int, int> primaryCtxReset;
    private readonly delegate* unmanaged<IntPtr, int> ctxSetCurrent;
    private readonly delegate* unmanaged<nuint*, nuint*, int> memGetInfo;
    private readonly delegate* unmanaged<ulong*, nuint, int> memAlloc;
    private readonly delegate* unmanaged<ulong, int> memFree;
    private readonly delegate* unmanaged<void**, nuint, int> memAllocHost;
    private readonly delegate* unmanaged<void*, int> memFreeHost;
    private readonly delegate* unmanaged<ulong, void*, nuint, IntPtr, int> memcpyHtoDAsync;
    private readonly delegate* unmanaged<void*, ulong, nuint, IntPtr, int> memcpyDtoHAsync;
    private readonly delegate* unmanaged<ulong, ulong, nuint, IntPtr, int> memcpyDtoDAsync;
    private readonly delegate* unmanaged<ulong, uint, nuint, IntPtr, int> memsetD32Async;
    private readonly delegate* unmanaged<IntPtr*, uint, int> streamCreate;
    private readonly delegate* unmanaged<IntPtr, int> streamDestroy;
    private readonly delegate* unmanaged<IntPtr, int> streamSynchronize;
    private readonly delegate* unmanaged<IntPtr, IntPtr, uint, int> streamWaitEvent;
    private readonly delegate* unmanaged<IntPtr*, uint, int> eventCreate;
    private readonly delegate* unmanaged<IntPtr, int> eventDestroy;
    private readonly delegate* unmanaged<IntPtr, IntPtr, int> eventRecord;
    private readonly delegate* unmanaged<IntPtr, int> eventSynchronize;
    private readonly delegate* unmanaged<float*, IntPtr, IntPtr, int> eventElapsedTime;
    private readonly delegate* unmanaged<IntPtr*, void*, int> moduleLoadData;
    private readonly delegate* unmanaged<IntPtr*, IntPtr, byte*, int> moduleGetFunction;
    private readonly delegate* unmanaged<IntPtr, uint, uint, uint, uint, uint, uint, uint, IntPtr, void**, void**, int> launchKernel;
    private readonly delegate* unmanaged<int, byte**, int> getErrorName;
    private readonly delegate* unmanaged<int, byte**, int> getErrorString;

    public CudaDriver(LoadedLibrary lib)
    {
        Library = lib;
        init = (delegate* unmanaged<uint, int>)lib.Export("cuInit");
        deviceGetCount = (delegate* unmanaged<int*, int>)lib.Export("cuDeviceGetCount");
        deviceGet = (delegate* unmanaged<int*, int, int>)lib.Export("cuDeviceGet");
        deviceGetName = (delegate* unmanaged<byte*, int, int, int>)lib.Export("cuDeviceGetName");
        deviceGetAttribute = (delegate* unmanaged<int*, int, int, int>)lib.Export("cuDeviceGetAttribute");
        deviceTotalMem = (delegate* unmanaged<nuint*, int, int>)lib.Export("cuDeviceTotalMem_v2");
        primaryCtxRetain = (delegate* unmanaged<IntPtr*, int, int>)lib.Export("cuDevicePrimaryCtxRetain");
        primaryCtxRelease = (delegate* unmanaged<int, int>)lib.Export("cuDevicePrimaryCtxRelease_v2");
        primaryCtxReset = (delegate* unmanaged<int, int>)lib.Export("cuDevicePrimaryCtxReset_v2");
        ctxSetCurrent = (delegate* unmanaged<IntPtr, int>)lib.Export("cuCtxSetCurrent");
        memGetInfo = (delegate* unmanaged<nuint*, nuint*, int>)lib.Export("cuMemGetInfo_v2");
        memAlloc = (delegate* unmanaged<ulong*, nuint, int>)lib.Export("cuMemAlloc_v2");
        memFree = (delegate* unmanaged<ulong, int>)lib.Export("cuMemFree_v2");
        memAllocHost = (delegate* unmanaged<void**, nuint, int>)lib.Export("cuMemAllocHost_v2");
        memFreeHost = (delegate* unmanaged<void*, int>)lib.Export("cuMemFreeHost");
        memcpyHtoDAsync = (delegate* unmanaged<ulong, void*, nuint, IntPtr, int>)lib.Export("cuMemcpyHtoDAsync_v2");
        memcpyDtoHAsync = (delegate* unmanaged<void*, ulong, nuint, IntPtr, int>)lib.Export("cuMemcpyDtoHAsync_v2");
        memcpyDtoDAsync = (delegate* unmanaged<ulong, ulong, nuint, IntPtr, int>)lib.Export("cuMemcpyDtoDAsync_v2");
        memsetD32Async = (delegate* unmanaged<ulong, uint, nuint, IntPtr, int>)lib.Export("cuMemsetD32Async");
        streamCreate = (delegate* unmanaged<IntPtr*, uint, int>)lib.Export("cuStreamCreate");
        streamDestroy = (delegate* unmanaged<IntPtr, int>)lib.Export("cuStreamDestroy_v2");
        streamSynchronize = (delegate* unmanaged<IntPtr, int>)lib.Export("cuStreamSynchronize");
        streamWaitEvent = (delegate* unmanaged<IntPtr, IntPtr, uint, int>)lib.Export("cuStreamWaitEvent");
        eventCreate = (delegate* unmanaged<IntPtr*, uint, int>)lib.Export("cuEventCreate");
        eventDestroy = (delegate* unmanaged<IntPtr, int>)lib.Export("cuEventDestroy_v2");
        eventRecord = (delegate* unmanaged<IntPtr, IntPtr, int>)lib.Export("cuEventRecord");
        eventSynchronize = (delegate* unmanaged<IntPtr, int>)lib.Export("cuEventSynchronize");
        eventElapsedTime = (delegate* unmanaged<float*, IntPtr, IntPtr, int>)lib.Export("cuEventElapsedTime");
        moduleLoadData = (delegate* unmanaged<IntPtr*, void*, int>)lib.Export("cuModuleLoadData");
        moduleGetFunction = (delegate* unmanaged<IntPtr*, IntPtr, byte*, int>)lib.Export("cuModuleGetFunction");
        launchKernel = (delegate* unmanaged<IntPtr, uint, uint, uint, uint, uint, uint, uint, IntPtr, void**, void**, int>)lib.Export("cuLaunchKernel");
        getErrorName = (delegate* unmanaged<int, byte**, int>)lib.Export("cuGetErrorName");
        getErrorString = (delegate* unmanaged<int, byte**, int>)lib.Export("cuGetErrorString");
    }

    public const int AttrComputeCapabilityMajor = 75, AttrComputeCapabilityMinor = 76, AttrMultiprocessorCount = 16;
    /// <summary>cuEventCreate flag: no timing, the cheapest event for stream ordering.</summary>
    public const uint EventDisableTiming = 2;
    /// <summary>cuStreamCreate flag: does not synchronise with the legacy default stream.</summary>
    public const uint StreamNonBlocking = 1;

    public void Check(int result, string call)
    {
        if (result == 0) return;
        throw new CudaException("CUDA", result, Text(getErrorName, result) ?? "CUDA_ERROR", call, Text(getErrorString, result) ?? "");
    }

    private static string? Text(delegate* unmanaged<int, byte**, int> f, int code)
    {
        byte* s = null;
        return f(code, &s) == 0 && s != null ? Marshal.PtrToStringUTF8((IntPtr)s) : null;
    }

    /// <summary>cuInit; its error (no device, no driver loaded, insufficient driver) is returned, not thrown.</summary>
    public CudaException? Init()
    {
        int r = init(0);
        if (r == 0) return null;
        return new CudaException("CUDA", r, Text(getErrorName, r) ?? "CUDA_ERROR", "cuInit", Text(getErrorString, r) ?? "");
    }

    public int DeviceCount() { int n; Check(deviceGetCount(&n), "cuDeviceGetCount"); return n; }
    public int Device(int ordinal) { int d; Check(deviceGet(&d, ordinal), "cuDeviceGet"); return d; }

    public string DeviceName(int device)
    {
        var buf = stackalloc byte[256];
        Check(deviceGetName(buf, 256, device), "cuDeviceGetName");
        return Marshal.PtrToStringUTF8((IntPtr)buf) ?? "";
    }

    public int Attribute(int device, int attribute) { int v; Check(deviceGetAttribute(&v, attribute, device), "cuDeviceGetAttribute"); return v; }
    public long TotalMemory(int device) { nuint b; Check(deviceTotalMem(&b, device), "cuDeviceTotalMem"); return (long)b; }
    public IntPtr RetainPrimaryContext(int device) { IntPtr c; Check(primaryCtxRetain(&c, device), "cuDevicePrimaryCtxRetain"); return c; }
    public int ReleasePrimaryContext(int device) => primaryCtxRelease(device);
    public void ResetPrimaryContext(int device) => Check(primaryCtxReset(device), "cuDevicePrimaryCtxReset");
    public void SetCurrent(IntPtr context) => Check(ctxSetCurrent(context), "cuCtxSetCurrent");

    public (long Free, long Total) MemoryInfo()
    {
        nuint free, total;
        Check(memGetInfo(&free, &total), "cuMemGetInfo");
        return ((long)free, (long)total);
    }

    public ulong Alloc(long bytes) { ulong p; Check(memAlloc(&p, (nuint)bytes), $"cuMemAlloc of {bytes:N0} bytes"); return p; }
    public int Free(ulong p) => memFree(p);
    public void* AllocHost(long bytes) { void* p; Check(memAllocHost(&p, (nuint)bytes), $"cuMemAllocHost of {bytes:N0} bytes"); return p; }
    public int FreeHost(void* p) => memFreeHost(p);
    public void CopyToDevice(ulong dst, void* src, long bytes, IntPtr stream) => Check(memcpyHtoDAsync(dst, src, (nuint)bytes, stream), "cuMemcpyHtoDAsync");
    public void CopyToHost(void* dst, ulong src, long bytes, IntPtr stream) => Check(memcpyDtoHAsync(dst, src, (nuint)bytes, stream), "cuMemcpyDtoHAsync");
    public void CopyOnDevice(ulong dst, ulong src, long bytes, IntPtr stream) => Check(memcpyDtoDAsync(dst, src, (nuint)bytes, stream), "cuMemcpyDtoDAsync");
    public void Fill32(ulong dst, uint value, long count, IntPtr stream) => Check(memsetD32Async(dst, value, (nuint)count, stream), "cuMemsetD32Async");
    public IntPtr CreateStream() { IntPtr s; Check(streamCreate(&s, StreamNonBlocking), "cuStreamCreate"); return s; }
    public int DestroyStream(IntPtr s) => streamDestroy(s);
    public void Synchronize(IntPtr stream) => Check(streamSynchronize(stream), "cuStreamSynchronize");
    public void Wait(IntPtr stream, IntPtr evt) => Check(streamWaitEvent(stream, evt, 0), "cuStreamWaitEvent");
    public IntPtr CreateEvent(bool timing = false) { IntPtr e; Check(eventCreate(&e, timing ? 0 : EventDisableTiming), "cuEventCreate"); return e; }
    public int DestroyEvent(IntPtr e) => eventDestroy(e);
    public void Record(IntPtr evt, IntPtr stream) => Check(eventRecord(evt, stream), "cuEventRecord");
    public void WaitFor(IntPtr evt) => Check(eventSynchronize(evt), "cuEventSynchronize");
    public float ElapsedMilliseconds(IntPtr start, IntPtr end) { float ms; Check(eventElapsedTime(&ms, start, end), "cuEventElapsedTime"); return ms; }

    public IntPtr LoadModule(byte[] image)
    {
        IntPtr m;
        fixed (byte* p = image) Check(moduleLoadData(&m, p), "cuModuleLoadData");
        return m;
    }


    public IntPtr Function(IntPtr module, string name)
    {
        IntPtr f;
        var bytes = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        fixed (byte* p = bytes) Check(moduleGetFunction(&f, module, p), $"cuModuleGetFunction({name})");
        return f;
    }

    public void Launch(IntPtr function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ, uint sharedBytes, IntPtr stream, void** args, string name) =>
        Check(launchKernel(function, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes, stream, args, null), $"cuLaunchKernel({name})");
}
