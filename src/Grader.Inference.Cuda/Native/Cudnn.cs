using System.Runtime.InteropServices;

namespace Grader.Inference.Cuda.Native;

/// <summary>One entry of cuDNN's algorithm search (cudnnConvolutionFwdAlgoPerf_t).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ConvolutionForwardPerf
{
    public int Algo;
    public int Status;
    public float Time;
    public nuint Memory;
    public int Determinism;
    public int MathType;
    public int Reserved0, Reserved1, Reserved2;
}

/// <summary>cuDNN's legacy convolution API (v7 style, still in cuDNN 8 and 9): NCHW float
/// convolutions with algorithm selection by timing, as PyTorch's cudnn.benchmark does.</summary>
internal sealed unsafe class Cudnn
{
    public LoadedLibrary Library { get; }
    private readonly delegate* unmanaged<IntPtr*, int> create;
    private readonly delegate* unmanaged<IntPtr, int> destroy;
    private readonly delegate* unmanaged<IntPtr, IntPtr, int> setStream;
    private readonly delegate* unmanaged<nuint> getVersion;
    private readonly delegate* unmanaged<int, byte*> getErrorString;
    private readonly delegate* unmanaged<IntPtr*, int> createTensor;
    private readonly delegate* unmanaged<IntPtr, int, int, int, int, int, int, int> setTensor4d;
    private readonly delegate* unmanaged<IntPtr, int> destroyTensor;
    private readonly delegate* unmanaged<IntPtr*, int> createFilter;
    private readonly delegate* unmanaged<IntPtr, int, int, int, int, int, int, int> setFilter4d;
    private readonly delegate* unmanaged<IntPtr, int> destroyFilter;
    private readonly delegate* unmanaged<IntPtr*, int> createConvolution;
    private readonly delegate* unmanaged<IntPtr, int, int, int, int, int, int, int, int, int> setConvolution2d;
    private readonly delegate* unmanaged<IntPtr, int, int> setGroupCount;
    private readonly delegate* unmanaged<IntPtr, int, int> setMathType;
    private readonly delegate* unmanaged<IntPtr, int> destroyConvolution;
    private readonly delegate* unmanaged<IntPtr, IntPtr, ulong, IntPtr, ulong, IntPtr, IntPtr, ulong, int, int*, ConvolutionForwardPerf*, ulong, nuint, int> findForwardEx;
    private readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, nuint*, int> forwardWorkspaceSize;
    private readonly delegate* unmanaged<IntPtr, float*, IntPtr, ulong, IntPtr, ulong, IntPtr, int, ulong, nuint, float*, IntPtr, ulong, int> forward;

    public const int Nchw = 0, Float = 0, CrossCorrelation = 1;
    /// <summary>cudnnMathType_t: FMA keeps fp32 products exact (PyTorch's choice when TF32 is off).</summary>
    public const int TensorOpMath = 1, FmaMath = 3;
    public const int AlgoCount = 8;

    public Cudnn(LoadedLibrary lib)
    {
        Library = lib;
        create = (delegate* unmanaged<IntPtr*, int>)lib.Export("cudnnCreate");
        destroy = (delegate* unmanaged<IntPtr, int>)lib.Export("cudnnDestroy");
        setStream = (delegate* unmanaged<IntPtr, IntPtr, int>)lib.Export("cudnnSetStream");
        getVersion = (delegate* unmanaged<nuint>)lib.Export("cudnnGetVersion");
        getErrorString = (delegate* unmanaged<int, byte*>)lib.Export("cudnnGetErrorString");
        createTensor = (delegate* unmanaged<IntPtr*, int>)lib.Export("cudnnCreateTensorDescriptor");
        setTensor4d = (delegate* unmanaged<IntPtr, int, int, int, int, int, int, int>)lib.Export("cudnnSetTensor4dDescriptor");
        destroyTensor = (delegate* unmanaged<IntPtr, int>)lib.Export("cudnnDestroyTensorDescriptor");
        createFilter = (delegate* unmanaged<IntPtr*, int>)lib.Export("cudnnCreateFilterDescriptor");
        setFilter4d = (delegate* unmanaged<IntPtr, int, int, int, int, int, int, int>)lib.Export("cudnnSetFilter4dDescriptor");
        destroyFilter = (delegate* unmanaged<IntPtr, int>)lib.Export("cudnnDestroyFilterDescriptor");
        createConvolution = (delegate* unmanaged<IntPtr*, int>)lib.Export("cudnnCreateConvolutionDescriptor");
        setConvolution2d = (delegate* unmanaged<IntPtr, int, int, int, int, int, int, int, int, int>)lib.Export("cudnnSetConvolution2dDescriptor");
        setGroupCount = (delegate* unmanaged<IntPtr, int, int>)lib.Export("cudnnSetConvolutionGroupCount");
        setMathType = (delegate* unmanaged<IntPtr, int, int>)lib.Export("cudnnSetConvolutionMathType");
        destroyConvolution = (delegate* unmanaged<IntPtr, int>)lib.Export("cudnnDestroyConvolutionDescriptor");
        findForwardEx = (delegate* unmanaged<IntPtr, IntPtr, ulong, IntPtr, ulong, IntPtr, IntPtr, ulong, int, int*, ConvolutionForwardPerf*, ulong, nuint, int>)lib.Export("cudnnFindConvolutionForwardAlgorithmEx");
        forwardWorkspaceSize = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, nuint*, int>)lib.Export("cudnnGetConvolutionForwardWorkspaceSize");
        forward = (delegate* unmanaged<IntPtr, float*, IntPtr, ulong, IntPtr, ulong, IntPtr, int, ulong, nuint, float*, IntPtr, ulong, int>)lib.Export("cudnnConvolutionForward");
    }

    public void Check(int status, string call)
    {
        if (status != 0)
            throw new CudaException("cuDNN", status, Marshal.PtrToStringUTF8((IntPtr)getErrorString(status)) ?? "CUDNN_STATUS", call, "");
    }

    /// <summary>"9.1.0" from cudnnGetVersion (9.x: major·10000 + minor·100 + patch; 8.x: major·1000 + minor·100 + patch).</summary>
    public string Version
    {
        get
        {
            long v = (long)getVersion();
            return v >= 90000 ? $"{v / 10000}.{v / 100 % 100}.{v % 100}" : $"{v / 1000}.{v / 100 % 10}.{v % 100}";
        }
    }

    public IntPtr Create() { IntPtr h; Check(create(&h), "cudnnCreate"); return h; }
    public void Destroy(IntPtr h) => destroy(h);
    public void SetStream(IntPtr h, IntPtr stream) => Check(setStream(h, stream), "cudnnSetStream");

    private IntPtr NewDescriptor(delegate* unmanaged<IntPtr*, int> create, string kind)
    {
        IntPtr d;
        Check(create(&d), $"cudnnCreate{kind}Descriptor");
        return d;
    }

    public IntPtr Tensor4d(int n, int c, int h, int w)
    {
        var d = NewDescriptor(createTensor, "Tensor");
        Check(setTensor4d(d, Nchw, Float, n, c, h, w), $"cudnnSetTensor4dDescriptor({n}x{c}x{h}x{w})");
        return d;
    }

    public void DestroyTensor(IntPtr d) => destroyTensor(d);

    public IntPtr Filter4d(int k, int c, int h, int w)
    {
        var d = NewDescriptor(createFilter, "Filter");
        Check(setFilter4d(d, Float, Nchw, k, c, h, w), $"cudnnSetFilter4dDescriptor({k}x{c}x{h}x{w})");
        return d;
    }

    public void DestroyFilter(IntPtr d) => destroyFilter(d);

    public IntPtr Convolution(int padH, int padW, int strideH, int strideW, int dilationH, int dilationW, int groups, int mathType)
    {
        var d = NewDescriptor(createConvolution, "Convolution");
        Check(setConvolution2d(d, padH, padW, strideH, strideW, dilationH, dilationW, CrossCorrelation, Float), "cudnnSetConvolution2dDescriptor");
        Check(setGroupCount(d, groups), "cudnnSetConvolutionGroupCount");
        Check(setMathType(d, mathType), "cudnnSetConvolutionMathType");
        return d;
    }

    public void DestroyConvolution(IntPtr d) => destroyConvolution(d);

    /// <summary>Times the forward algorithms on the real buffers (y is overwritten) and returns
    /// them fastest first, within <paramref name="workspaceBytes"/>.</summary>
    public ConvolutionForwardPerf[] FindForward(IntPtr h, IntPtr xDesc, ulong x, IntPtr wDesc, ulong w, IntPtr convDesc, IntPtr yDesc, ulong y, ulong workspace, long workspaceBytes)
    {
        var perf = stackalloc ConvolutionForwardPerf[AlgoCount];
        int n;
        Check(findForwardEx(h, xDesc, x, wDesc, w, convDesc, yDesc, y, AlgoCount, &n, perf, workspace, (nuint)workspaceBytes), "cudnnFindConvolutionForwardAlgorithmEx");
        return new Span<ConvolutionForwardPerf>(perf, n).ToArray();
    }

    public long WorkspaceSize(IntPtr h, IntPtr xDesc, IntPtr wDesc, IntPtr convDesc, IntPtr yDesc, int algo)
    {
        nuint size;
        Check(forwardWorkspaceSize(h, xDesc, wDesc, convDesc, yDesc, algo, &size), "cudnnGetConvolutionForwardWorkspaceSize");
        return (long)size;
    }

    public void Forward(IntPtr h, IntPtr xDesc, ulong x, IntPtr wDesc, ulong w, IntPtr convDesc, int algo, ulong workspace, long workspaceBytes, IntPtr yDesc, ulong y)
    {
        float one = 1, zero = 0;
        Check(forward(h, &one, xDesc, x, wDesc, w, convDesc, algo, workspace, (nuint)workspaceBytes, &zero, yDesc, y), "cudnnConvolutionForward");
    }
}
