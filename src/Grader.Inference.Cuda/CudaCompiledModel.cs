using Grader.Inference.Cuda.Binding;
using Grader.Inference.Cuda.Native;
using Grader.Inference.Cuda.Runtime;
using Grader.Inference.Graph;

namespace Grader.Inference.Cuda;

/// <summary>
/// A model on the GPU. A Run is cut into chunks of at most MaxBatch images that are pipelined:
/// while chunk i computes, chunk i+1 is copied into pinned memory and on to the device on a
/// second stream, and chunk i-1's results come back. Plans are bound per batch size (a short
/// last chunk runs in the smallest power-of-two plan that holds it, zero-padded) and reused.
/// </summary>
public sealed class CudaCompiledModel : ICompiledModel, IProfiledModel
{
    private const int MaxCachedPlans = 4;
    /// <summary>Left free for cuBLAS/cuDNN internals and other models on the device.</summary>
    private const double MemoryShare = 0.8;
    /// <summary>Pinned staging per chunk (two input slots): page-locked memory is scarce.</summary>
    private const long StagingBytes = 256L << 20;

    private readonly CudaDevice device;
    private readonly InferenceModel model;
    private readonly int[] imageShape;
    private readonly ModelResources resources;
    private readonly Dictionary<int, CudaBoundPlan> plans = [];
    private readonly Queue<int> planOrder = new();
    private readonly PinnedHostBuffer[] hostIn = new PinnedHostBuffer[2], hostOut = new PinnedHostBuffer[2];
    private readonly DeviceBuffer[] deviceIn = new DeviceBuffer[2];
    private readonly IntPtr[] copied = new IntPtr[2], consumed = new IntPtr[2], done = new IntPtr[2];
    private int chunk;
    private bool disposed;

    public IReadOnlyList<int> ImageShape => imageShape;
    public IReadOnlyList<int> OutputShape { get; }
    public int ImageSize { get; }
    public int OutputSize { get; }
    /// <summary>Images per chunk: MaxBatch, or fewer where the device's memory or MaxArenaBytes says so.</summary>
    public int ChunkSize => chunk;

    internal CudaCompiledModel(CudaBackend backend, InferenceModel model, CompileOptions options)
    {
        this.model = model;
        device = backend.Device;
        imageShape = model.ResolveImageShape(options.ImageShape);
        var cost = model.EstimateScoresCost(imageShape); // enforces the limits before anything is allocated
        if (options.MaxBatch < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxBatch must be positive");
        ImageSize = ShapeMath.CountInt(imageShape);
        long byMemory = Math.Min(options.MaxArenaBytes / Math.Max(1, cost.ActivationBytesPerImage), StagingBytes / ((long)ImageSize * sizeof(float)));
        chunk = model.FixedBatch ?? (int)Math.Clamp(byMemory, 1, options.MaxBatch);
        OutputShape = cost.OutputShape;
        OutputSize = ShapeMath.CountInt(cost.OutputShape.ToArray());
        device.Enter();
        try
        {
            resources = new ModelResources(device, backend.Options.AllowTf32, backend.Options.UseCudnn);
            for (int s = 0; s < 2; s++)
            {
                copied[s] = device.Driver.CreateEvent();
                consumed[s] = device.Driver.CreateEvent();
                done[s] = device.Driver.CreateEvent();
            }
            // The full-size plan now: an out-of-memory shows at compile time, and shrinks the chunk.
            GetPlan(chunk);
            AllocateStaging();
        }
        catch (Exception e)
        {
            Dispose();
            throw Translate(e);
        }
    }

    public void Run(ReadOnlySpan<float> input, int batch, Span<float> output, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        CompiledModelChecks.RunArguments(input.Length, batch, output.Length, imageShape, ImageSize, OutputSize);
        device.Enter();
        try
        {
            RunChunks(input, batch, output, cancellationToken);
        }
        catch (Exception e) when (e is CudaException or ModelLoadException)
        {
            throw Translate(e);
        }
    }

    private unsafe void RunChunks(ReadOnlySpan<float> input, int batch, Span<float> output, CancellationToken ct)
    {
        var driver = device.Driver;
        (int Start, int Count, int Slot)? pending = null;
        try
        {
            for (int i = 0, start = 0; start < batch; i++, start += chunk)
            {
                ct.ThrowIfCancellationRequested();
                int n = Math.Min(chunk, batch - start), slot = i & 1;
                var plan = GetPlan(PlanSize(n));
                long inBytes = (long)n * ImageSize * sizeof(float);
                // The pinned slot is free once its previous upload finished.
                driver.WaitFor(copied[slot]);
                StageInput(input.Slice(start * ImageSize, n * ImageSize), hostIn[slot]);
                // The device slot is free once compute copied chunk i-2 out of it.
                driver.Wait(resources.CopyStream, consumed[slot]);
                driver.CopyToDevice(deviceIn[slot].Ptr, hostIn[slot].Ptr, inBytes, resources.CopyStream);
                driver.Record(copied[slot], resources.CopyStream);

                driver.Wait(resources.ComputeStream, copied[slot]);
                driver.CopyOnDevice(plan.Input, deviceIn[slot].Ptr, inBytes, resources.ComputeStream);
                ZeroPadding(plan, n);
                driver.Record(consumed[slot], resources.ComputeStream);
                plan.Enqueue(resources.ComputeStream);
                driver.CopyToHost(hostOut[slot].Ptr, plan.Output, (long)n * OutputSize * sizeof(float), resources.ComputeStream);
                driver.Record(done[slot], resources.ComputeStream);

                if (pending is { } p) Collect(p, output);
                pending = (start, n, slot);
            }
            if (pending is { } last) Collect(last, output);
            pending = null;
        }
        finally
        {
            // Cancelled or failed with work in flight: let it drain so the buffers can be reused.
            if (pending is not null) driver.Synchronize(resources.ComputeStream);
        }
    }

    /// <summary>Runs one chunk (the first images of <paramref name="input"/>) and times each kernel
    /// with CUDA events: where the GPU's time goes, layer by layer.</summary>
    public unsafe IReadOnlyList<LayerTiming> Profile(ReadOnlySpan<float> input, int batch)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (input.Length != (long)batch * ImageSize) throw new ArgumentException("input size does not match batch", nameof(input));
        device.Enter();
        try
        {
            int n = Math.Min(batch, chunk);
            var plan = GetPlan(PlanSize(Math.Max(n, 1)));
            device.Driver.Synchronize(resources.ComputeStream);
            StageInput(input[..(n * ImageSize)], hostIn[0]);
            device.Driver.CopyToDevice(plan.Input, hostIn[0].Ptr, (long)n * ImageSize * sizeof(float), resources.ComputeStream);
            ZeroPadding(plan, n);
            return plan.Profile(device, resources.ComputeStream);
        }
        catch (Exception e) when (e is CudaException or ModelLoadException)
        {
            throw Translate(e);
        }
    }

    /// <summary>Zeroes the plan's input after the first <paramref name="images"/> (a short chunk
    /// in a larger plan), on the compute stream.</summary>
    private void ZeroPadding(CudaBoundPlan plan, int images)
    {
        if (images < plan.Batch)
            device.Driver.Fill32(DevicePointer.Offset(plan.Input, (long)images * ImageSize), 0,
                (long)(plan.Batch - images) * ImageSize, resources.ComputeStream);
    }

    /// <summary>Copies a chunk into pinned memory; a large one on several cores, since one core's
    /// memcpy (~10 GB/s) would otherwise be slower than the GPU's compute for small models.</summary>
    private static unsafe void StageInput(ReadOnlySpan<float> chunk, PinnedHostBuffer pinned)
    {
        const int ParallelFloats = 1 << 21;
        if (chunk.Length < 2 * ParallelFloats)
        {
            chunk.CopyTo(pinned.Span(chunk.Length));
            return;
        }
        fixed (float* src = chunk)
        {
            float* from = src, to = pinned.Ptr;
            long length = chunk.Length;
            int parts = (int)Math.Min(Environment.ProcessorCount, length / ParallelFloats);
            Parallel.For(0, parts, p =>
            {
                long begin = length * p / parts, end = length * (p + 1) / parts;
                Buffer.MemoryCopy(from + begin, to + begin, (end - begin) * sizeof(float), (end - begin) * sizeof(float));
            });
        }
    }

    private unsafe void Collect((int Start, int Count, int Slot) p, Span<float> output)
    {
        device.Driver.WaitFor(done[p.Slot]);
        hostOut[p.Slot].Span((long)p.Count * OutputSize).CopyTo(output.Slice(p.Start * OutputSize, p.Count * OutputSize));
    }

    /// <summary>The plan batch for a chunk of <paramref name="n"/>: the full chunk, or the smallest
    /// power of two that holds a short one (at most log2(chunk) extra plans, little padding).</summary>
    private int PlanSize(int n) =>
        model.FixedBatch ?? (n * 2 > chunk ? chunk : (int)Math.Min(chunk, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)n)));

    private CudaBoundPlan GetPlan(int batch)
    {
        if (plans.TryGetValue(batch, out var p)) return p;
        if (plans.Count >= MaxCachedPlans)
        {
            int oldest = planOrder.Dequeue();
            plans.Remove(oldest, out var evicted);
            device.Driver.Synchronize(resources.ComputeStream);
            evicted!.Dispose();
        }
        while (true)
        {
            var prepared = CompiledModelChecks.PreparePlan(model, batch, imageShape, OutputSize);
            long need = prepared.Memory.ArenaFloats * sizeof(float);
            long free = device.Memory().Free;
            try
            {
                if (need > free * MemoryShare) throw new CudaException("CUDA", 2, "CUDA_ERROR_OUT_OF_MEMORY", "planning", $"{need:N0} bytes needed, {free:N0} free");
                p = new CudaBoundPlan(prepared, resources);
            }
            catch (CudaException e) when (e.IsOutOfMemory && batch > 1 && batch == chunk && model.FixedBatch is null && plans.Count == 0)
            {
                // Nothing bound yet: run in smaller chunks instead.
                chunk = batch = Math.Max(1, batch / 2);
                continue;
            }
            catch (CudaException e) when (e.IsOutOfMemory)
            {
                throw new ModelLoadException($"the model needs more GPU memory than is free for {batch} image(s) at a time "
                    + $"({need / (1 << 20):N0} MiB of activations, {free / (1 << 20):N0} MiB free on {device.Name})", e);
            }
            plans[batch] = p;
            planOrder.Enqueue(batch);
            return p;
        }
    }

    private void AllocateStaging()
    {
        for (int s = 0; s < 2; s++)
        {
            hostIn[s] = new PinnedHostBuffer(device, (long)chunk * ImageSize);
            hostOut[s] = new PinnedHostBuffer(device, (long)chunk * OutputSize);
            deviceIn[s] = new DeviceBuffer(device, (long)chunk * ImageSize * sizeof(float));
        }
    }

    /// <summary>Device faults become an exception that says what happened to the device; an
    /// out-of-memory is the model's size (a <see cref="ModelLoadException"/>).</summary>
    private Exception Translate(Exception e)
    {
        if (e is not CudaException c) return e;
        device.Observe(c);
        if (c.IsOutOfMemory) return new ModelLoadException($"the model does not fit in GPU memory ({device.Name}): {c.Message}", c);
        if (c.IsSticky)
            return new CudaFaultException($"the GPU faulted while running this model ({c.CodeName}); the device is reset before its next use", c);
        return c;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        try
        {
            device.Enter();
            if (resources is not null) device.Driver.Synchronize(resources.ComputeStream);
        }
        catch (CudaException e) { device.Observe(e); }
        foreach (var p in plans.Values) p.Dispose();
        plans.Clear();
        foreach (var b in hostIn.Concat(hostOut)) b?.Dispose();
        foreach (var b in deviceIn) b?.Dispose();
        foreach (var evt in copied.Concat(consumed).Concat(done))
            if (evt != 0) device.Driver.DestroyEvent(evt);
        resources?.Dispose();
    }
}

/// <summary>The GPU faulted (illegal address, launch failure) while running a model: the device
/// is reset before its next use, and the worker goes on.</summary>
public sealed class CudaFaultException(string message, Exception inner) : Exception(message, inner);
