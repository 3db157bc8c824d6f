using Grader.Inference.Cuda.Binding;
using Grader.Inference.Cuda.Native;
using Grader.Inference.Cuda.Runtime;
using Grader.Inference.Graph;
using Grader.Inference.Operators;

namespace Grader.Inference.Cuda.Ops;

/// <summary>
/// Convolutions (BatchNorm already folded in), three ways: cuDNN with the fastest algorithm
/// timed on the real buffers, when cuDNN is present and the padding is symmetric; else dense
/// convolutions as im2col + one strided-batched cuBLAS GEMM per chunk of images (pointwise ones
/// as one GEMM straight on the input); depthwise and grouped ones directly.
/// Bias, residual and activation follow in one epilogue pass (fused in the direct kernel).
/// </summary>
internal static class ConvolutionKernels
{
    /// <summary>im2col columns of several images at once, up to this size.</summary>
    private const long MaxColumnBytes = 64L << 20;

    public static ICudaKernel Bind(ConvKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var g = op.Geometry;
        bool symmetric = g.PadTop == g.PadBottom && g.PadLeft == g.PadRight
            && (g.H + 2 * g.PadTop - (g.KH - 1) * g.DH - 1) / g.SH + 1 == g.OH
            && (g.W + 2 * g.PadLeft - (g.KW - 1) * g.DW - 1) / g.SW + 1 == g.OW;
        if (bind.Resources.Cudnn is not null && symmetric) return BindCudnn(op, step, bind);
        if (op.Group > 1) return BindDirect(op, step, bind);
        return BindIm2col(op, step, bind);
    }

    private static (ulong X, ulong Y, ulong Residual) Buffers(ConvKernelOp op, PlanStep step, CudaBindContext bind) =>
        (bind.Ptr(step.Inputs[0]), bind.Ptr(step.Outputs[0]), op.ResidualInput >= 0 ? bind.Ptr(step.Inputs[op.ResidualInput]) : 0);

    private static KernelLaunch? Epilogue(ConvKernelOp op, PlanStep step, CudaBindContext bind, ulong y, ulong residual) =>
        PointwiseKernels.Epilogue(bind, y, step.Outputs[0].Length, op.Bias, op.Geometry.OutPlane, residual, op.Activation);

    private static ICudaKernel BindDirect(ConvKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var (x, y, residual) = Buffers(op, step, bind);
        return new LaunchSequence(bind.Launch("grader_conv_direct", step.Outputs[0].Length)
            .Ptr(x).Ptr(bind.Upload(op.Weights)).Ptr(bind.Upload(op.Bias)).Ptr(residual).Ptr(y)
            .Add(GeoArg.From(op.Geometry, op.OutChannels, op.Group)).Add(ActArg.From(op.Activation)).Build());
    }

    private static ICudaKernel BindIm2col(ConvKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var g = op.Geometry;
        var (x, y, residual) = Buffers(op, step, bind);
        ulong w = bind.Upload(op.Weights);
        var epilogue = Epilogue(op, step, bind, y, residual);
        if (ConvolutionCalls.IsPointwise(g)) // the input already is the column matrix
            return new GemmKernels.CublasStep(bind.Resources, [ConvolutionCalls.Pointwise(g, op.OutChannels, x, w, y)], epilogue);

        var chunks = ConvolutionCalls.Chunks(g, MaxColumnBytes);
        bind.Workspace.Request(ConvolutionCalls.ColumnBytes(g, chunks));
        return new Im2colStep(bind.Device, bind.Resources, op, chunks, x, w, y, epilogue, bind.Workspace);
    }

    /// <summary>im2col + GEMM per chunk of images; launches and calls are built on first enqueue,
    /// when the plan's workspace exists.</summary>
    private sealed class Im2colStep(CudaDevice device, ModelResources res, ConvKernelOp op, (int First, int Count)[] chunks,
        ulong x, ulong w, ulong y, KernelLaunch? epilogue, Workspace workspace) : ICudaKernel
    {
        private KernelLaunch[]? im2col;
        private SgemmCall[]? gemms;

        public override string ToString() => $"im2col+cuBLAS x{chunks.Length}{(epilogue is null ? "" : "+" + epilogue)}";

        public void Enqueue(IntPtr stream)
        {
            if (im2col is null || gemms is null)
            {
                var g = op.Geometry;
                // N is the whole batch in the geometry; each launch covers only its chunk's Count images.
                var geo = GeoArg.From(g, op.OutChannels, 1);
                im2col = chunks.Select(c => new KernelLaunch.Builder(device, "grader_im2col", c.Count * ConvolutionCalls.ImageColumns(g))
                    .Ptr(ConvolutionCalls.ChunkInput(g, x, c.First)).Ptr(workspace.Ptr).Add(geo).Add(c.Count).Build()).ToArray();
                gemms = chunks.Select(c => ConvolutionCalls.Im2colChunk(g, op.OutChannels, workspace.Ptr, w, y, c)).ToArray();
            }
            for (int i = 0; i < chunks.Length; i++)
            {
                im2col[i].Enqueue(stream);
                gemms[i].Execute(res.Cublas, res.CublasHandle);
            }
            epilogue?.Enqueue(stream);
        }

        public void Dispose()
        {
            foreach (var l in im2col ?? []) l.Dispose();
            epilogue?.Dispose();
        }
    }

    private static ICudaKernel BindCudnn(ConvKernelOp op, PlanStep step, CudaBindContext bind)
    {
        var g = op.Geometry;
        var (x, y, residual) = Buffers(op, step, bind);
        ulong w = bind.Upload(op.Weights);
        var res = bind.Resources;
        var cudnn = res.Cudnn!;
        var xDesc = cudnn.Tensor4d(g.N, g.C, g.H, g.W);
        var yDesc = cudnn.Tensor4d(g.N, op.OutChannels, g.OH, g.OW);
        var wDesc = cudnn.Filter4d(op.OutChannels, g.C / op.Group, g.KH, g.KW);
        var convDesc = cudnn.Convolution(g.PadTop, g.PadLeft, g.SH, g.SW, g.DH, g.DW, op.Group, res.AllowTf32 ? Cudnn.TensorOpMath : Cudnn.FmaMath);
        var step2 = new CudnnStep(cudnn, res.CudnnHandle, xDesc, wDesc, convDesc, yDesc, x, w, y, bind.Workspace, Epilogue(op, step, bind, y, residual));
        try
        {
            var (search, searchBytes) = bind.SearchSpace();
            var found = cudnn.FindForward(res.CudnnHandle, xDesc, x, wDesc, w, convDesc, yDesc, y, search, searchBytes);
            var best = found.FirstOrDefault(f => f.Status == 0);
            if (found.All(f => f.Status != 0))
                throw new ModelLoadException($"node {step.NodeName}: cuDNN has no algorithm for this convolution ({ShapeMath.Format(step.Inputs[0].Shape)} with kernel {g.KH}x{g.KW})");
            step2.Algorithm = best.Algo;
            step2.WorkspaceBytes = (long)best.Memory;
            bind.Workspace.Request(step2.WorkspaceBytes);
            return step2;
        }
        catch
        {
            step2.Dispose();
            throw;
        }
    }

    private sealed class CudnnStep(Cudnn cudnn, IntPtr handle, IntPtr xDesc, IntPtr wDesc, IntPtr convDesc, IntPtr yDesc,
        ulong x, ulong w, ulong y, Workspace workspace, KernelLaunch? epilogue) : ICudaKernel
    {
        public int Algorithm { get; set; }
        public long WorkspaceBytes { get; set; }

        public override string ToString() => $"cuDNN algo {Algorithm}{(epilogue is null ? "" : "+" + epilogue)}";

        public void Enqueue(IntPtr stream)
        {
            cudnn.Forward(handle, xDesc, x, wDesc, w, convDesc, Algorithm, WorkspaceBytes > 0 ? workspace.Ptr : 0, WorkspaceBytes, yDesc, y);
            epilogue?.Enqueue(stream);
        }

        public void Dispose()
        {
            cudnn.DestroyTensor(xDesc);
            cudnn.DestroyTensor(yDesc);
            cudnn.DestroyFilter(wDesc);
            cudnn.DestroyConvolution(convDesc);
            epilogue?.Dispose();
        }
    }
}
