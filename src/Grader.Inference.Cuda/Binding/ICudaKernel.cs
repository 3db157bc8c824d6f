namespace Grader.Inference.Cuda.Binding;

/// <summary>A step bound to device buffers: enqueues its work on the compute stream.</summary>
internal interface ICudaKernel : IDisposable
{
    void Enqueue(IntPtr stream);
}

/// <summary>A step that is a fixed sequence of kernel launches.</summary>
internal sealed class LaunchSequence(params Runtime.KernelLaunch[] launches) : ICudaKernel
{
    public void Enqueue(IntPtr stream)
    {
        foreach (var l in launches) l.Enqueue(stream);
    }

    public void Dispose()
    {
        foreach (var l in launches) l.Dispose();
    }

    public override string ToString() => string.Join("+", launches.Select(l => l.ToString()));
}
