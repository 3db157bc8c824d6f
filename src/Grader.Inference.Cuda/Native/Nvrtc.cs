using System.Runtime.InteropServices;
using System.Text;

namespace Grader.Inference.Cuda.Native;

/// <summary>NVRTC, the CUDA runtime compiler: turns the kernels' CUDA C into a cubin for the
/// device's architecture (or PTX for the driver to finish, when this NVRTC predates the device).</summary>
internal sealed unsafe class Nvrtc
{
    public LoadedLibrary Library { get; }
    private readonly delegate* unmanaged<int*, int*, int> version;
    private readonly delegate* unmanaged<int*, int> getNumSupportedArchs;
    private readonly delegate* unmanaged<int*, int> getSupportedArchs;
    private readonly delegate* unmanaged<IntPtr*, byte*, byte*, int, byte**, byte**, int> createProgram;
    private readonly delegate* unmanaged<IntPtr, int, byte**, int> compileProgram;
    private readonly delegate* unmanaged<IntPtr*, int> destroyProgram;
    private readonly delegate* unmanaged<IntPtr, nuint*, int> getProgramLogSize;
    private readonly delegate* unmanaged<IntPtr, byte*, int> getProgramLog;
    private readonly delegate* unmanaged<IntPtr, nuint*, int> getPtxSize;
    private readonly delegate* unmanaged<IntPtr, byte*, int> getPtx;
    private readonly delegate* unmanaged<IntPtr, nuint*, int> getCubinSize;
    private readonly delegate* unmanaged<IntPtr, byte*, int> getCubin;
    private readonly delegate* unmanaged<int, byte*> getErrorString;

    public Nvrtc(LoadedLibrary lib)
    {
        Library = lib;
        version = (delegate* unmanaged<int*, int*, int>)lib.Export("nvrtcVersion");
        getNumSupportedArchs = (delegate* unmanaged<int*, int>)lib.Export("nvrtcGetNumSupportedArchs");
        getSupportedArchs = (delegate* unmanaged<int*, int>)lib.Export("nvrtcGetSupportedArchs");
        createProgram = (delegate* unmanaged<IntPtr*, byte*, byte*, int, byte**, byte**, int>)lib.Export("nvrtcCreateProgram");
        compileProgram = (delegate* unmanaged<IntPtr, int, byte**, int>)lib.Export("nvrtcCompileProgram");
        destroyProgram = (delegate* unmanaged<IntPtr*, int>)lib.Export("nvrtcDestroyProgram");
        getProgramLogSize = (delegate* unmanaged<IntPtr, nuint*, int>)lib.Export("nvrtcGetProgramLogSize");
        getProgramLog = (delegate* unmanaged<IntPtr, byte*, int>)lib.Export("nvrtcGetProgramLog");
        getPtxSize = (delegate* unmanaged<IntPtr, nuint*, int>)lib.Export("nvrtcGetPTXSize");
        getPtx = (delegate* unmanaged<IntPtr, byte*, int>)lib.Export("nvrtcGetPTX");
        getCubinSize = (delegate* unmanaged<IntPtr, nuint*, int>)lib.Export("nvrtcGetCUBINSize");
        getCubin = (delegate* unmanaged<IntPtr, byte*, int>)lib.Export("nvrtcGetCUBIN");
        getErrorString = (delegate* unmanaged<int, byte*>)lib.Export("nvrtcGetErrorString");
    }

    private void Check(int result, string call)
    {
        if (result != 0)
            throw new CudaException("NVRTC", result, Marshal.PtrToStringUTF8((IntPtr)getErrorString(result)) ?? "NVRTC_ERROR", call, "");
    }

    public (int Major, int Minor) Version
    {
        get { int a, b; Check(version(&a, &b), "nvrtcVersion"); return (a, b); }
    }

    /// <summary>The sm_XY numbers (e.g. 90) this NVRTC can generate cubins for.</summary>
    public int[] SupportedArchitectures()
    {
        int n;
        Check(getNumSupportedArchs(&n), "nvrtcGetNumSupportedArchs");
        var archs = new int[n];
        fixed (int* p = archs) Check(getSupportedArchs(p), "nvrtcGetSupportedArchs");
        return archs;
    }

    /// <summary>Compiles <paramref name="source"/>; a cubin when <paramref name="cubin"/>, else PTX
    /// (NUL-terminated, as cuModuleLoadData wants it). A compile error throws with NVRTC's log.</summary>
    public byte[] Compile(string source, string name, IReadOnlyList<string> options, bool cubin)
    {
        IntPtr program;
        var src = Encoding.UTF8.GetBytes(source + "\0");
        var file = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* s = src, f = file) Check(createProgram(&program, s, f, 0, null, null), "nvrtcCreateProgram");
        var handles = options.Select(o => GCHandle.Alloc(Encoding.UTF8.GetBytes(o + "\0"), GCHandleType.Pinned)).ToArray();
        try
        {
            var ptrs = stackalloc byte*[handles.Length];
            for (int i = 0; i < handles.Length; i++) ptrs[i] = (byte*)handles[i].AddrOfPinnedObject();
            int result = compileProgram(program, handles.Length, ptrs);
            if (result != 0)
                throw new CudaException("NVRTC", result, Marshal.PtrToStringUTF8((IntPtr)getErrorString(result)) ?? "NVRTC_ERROR",
                    $"compiling {name} ({string.Join(" ", options)})", Log(program));
            nuint size;
            Check(cubin ? getCubinSize(program, &size) : getPtxSize(program, &size), cubin ? "nvrtcGetCUBINSize" : "nvrtcGetPTXSize");
            var image = new byte[(int)size];
            fixed (byte* p = image) Check(cubin ? getCubin(program, p) : getPtx(program, p), cubin ? "nvrtcGetCUBIN" : "nvrtcGetPTX");
            return image;
        }
        finally
        {
            foreach (var h in handles) h.Free();
            destroyProgram(&program);
        }
    }

    private string Log(IntPtr program)
    {
        nuint size;
        if (getProgramLogSize(program, &size) != 0 || size <= 1) return "";
        var log = new byte[(int)size];
        fixed (byte* p = log) getProgramLog(program, p);
        return Encoding.UTF8.GetString(log, 0, log.Length - 1).Trim();
    }
}
