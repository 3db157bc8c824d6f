using Grader.Inference.Operators;

namespace Grader.Inference.Cpu;

/// <summary>
/// A convolution on the row kernel followed by a max pool, fused (a ResNet stem and its 3x3/2
/// pool, the conv-ReLU-pool of students' CNNs). Run apart, the convolution writes its whole
/// output (51 MB for ResNet18 at 224x224, batch 16) and the pool reads it back from memory;
/// fused, each task computes a few convolution rows into an L2-sized buffer, pools them at once
/// and writes only the pooled map (a quarter of it), in NCHW or channels-last. A task takes a
/// band of pooled rows of one image in chunks; the convolution rows two chunks share (a 3x3/2
/// window's overlap) are kept in the buffer, so only the rows two tasks share are computed twice.
/// </summary>
internal sealed unsafe class ConvMaxPoolKernel : ICpuKernel
{
    /// <summary>Pooled rows per chunk: the chunk's convolution rows stay in L2 (9 rows of 112
    /// pixels × 64 channels for a ResNet stem: 258 KiB).</summary>
    private const int PooledRowsPerChunk = 4;

    private readonly RowConvKernel conv;
    private readonly WindowGeometry p;
    private readonly MaxPoolRows rows;
    private readonly int m, tasksPerImage, pooledPerTask, bufferRows, workers;
    private readonly long bufferChannelStride, bufferFloats, pooledChannelStride;
    private readonly float* y;
    private readonly bool channelsLastOutput;
    private readonly Scratch scratch;
    private readonly Action<int, int> task;

    public static bool Suits(WindowGeometry pool) => MaxPoolRows.Suits(pool);

    /// <param name="conv">The convolution, bound without an output of its own.</param>
    /// <param name="pool">The pool's geometry: its input is the convolution's output.</param>
    public ConvMaxPoolKernel(RowConvKernel conv, int outChannels, WindowGeometry pool, float* y, bool channelsLastOutput, CpuBindContext bind)
    {
        this.conv = conv; p = pool; m = outChannels; this.y = y; this.channelsLastOutput = channelsLastOutput;
        rows = new MaxPoolRows(pool);
        workers = bind.Workers;
        // Two tasks per worker and image count at least, so a slow core does not hold up the rest.
        tasksPerImage = Math.Clamp((4 * workers + pool.N - 1) / pool.N, 1, pool.OH);
        pooledPerTask = (pool.OH + tasksPerImage - 1) / tasksPerImage;
        tasksPerImage = (pool.OH + pooledPerTask - 1) / pooledPerTask;
        bufferRows = Math.Min(pool.H, (PooledRowsPerChunk - 1) * pool.SH + pool.KH);
        bufferChannelStride = (long)bufferRows * pool.W;
        bufferFloats = m * bufferChannelStride;
        pooledChannelStride = (long)PooledRowsPerChunk * rows.PaddedOutWidth;
        scratch = bind.Scratch;
        scratch.Request(conv.WorkFloats + bufferFloats + rows.ColumnsFloats + m * pooledChannelStride);
        task = RunTask;
    }

    public void Execute() => CpuParallel.For(p.N * tasksPerImage, workers, task);

    private void RunTask(int t, int worker)
    {
        int n = t / tasksPerImage, q0 = t % tasksPerImage * pooledPerTask, q1 = Math.Min(p.OH, q0 + pooledPerTask);
        float* work = scratch.For(worker), buffer = work + conv.WorkFloats, columns = buffer + bufferFloats;
        float* pooled = columns + rows.ColumnsFloats;
        rows.Prepare(columns);
        int held0 = 0, held1 = 0; // convolution rows [held0, held1) are in the buffer
        for (int c0 = q0; c0 < q1; c0 += PooledRowsPerChunk)
        {
            int c1 = Math.Min(q1, c0 + PooledRowsPerChunk);
            int need0 = Math.Clamp(c0 * p.SH - p.PadTop, 0, p.H), need1 = Math.Clamp((c1 - 1) * p.SH - p.PadTop + p.KH, 0, p.H);
            int keep0 = Math.Max(need0, held0), kept = Math.Max(0, held1 - keep0);
            if (kept > 0 && keep0 > held0)
                for (int j = 0; j < m; j++)
                {
                    float* plane = buffer + j * bufferChannelStride;
                    Buffer.MemoryCopy(plane + (long)(keep0 - held0) * p.W, plane, bufferChannelStride * sizeof(float), (long)kept * p.W * sizeof(float));
                }
            held0 = kept > 0 ? keep0 : need0;
            for (int r = held0 + kept; r < need1; r += conv.RowsPerBand)
                conv.ComputeRows(n, r, Math.Min(need1, r + conv.RowsPerBand), buffer + (long)(r - held0) * p.W, bufferChannelStride, work);
            held1 = need1;
            for (int j = 0; j < m; j++)
                for (int q = c0; q < c1; q++)
                    rows.Row(buffer + j * bufferChannelStride, held0, q, columns, pooled + j * pooledChannelStride + (q - c0) * rows.PaddedOutWidth);
            Write(n, c0, c1, pooled);
        }
    }

    /// <summary>Pooled rows [c0, c1) of image n, held as [channel][row][PaddedOutWidth], to the output.</summary>
    private void Write(int n, int c0, int c1, float* pooled)
    {
        for (int q = c0; q < c1; q++)
        {
            float* row = pooled + (q - c0) * rows.PaddedOutWidth;
            if (channelsLastOutput)
                Transpose8x8.Block(row, pooledChannelStride, y + ((long)n * p.OH + q) * p.OW * m, m, m, p.OW);
            else
                for (int j = 0; j < m; j++)
                    Buffer.MemoryCopy(row + j * pooledChannelStride, y + (((long)n * m + j) * p.OH + q) * p.OW, p.OW * sizeof(float), p.OW * sizeof(float));
        }
    }
}
