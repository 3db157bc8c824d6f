using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Grader.Datasets.Preprocessing;
using Grader.Datasets.Storage;

namespace Grader.Datasets.Batching;

/// <summary>Options of a <see cref="BatchReader"/>.</summary>
public sealed record BatchOptions
{
    public int BatchSize { get; init; } = 64;
    /// <summary>Threads decoding one batch; 1 decodes on the calling thread.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
    /// <summary>Asynchronous enumeration prepares the next batch while the consumer works on the
    /// current one (two batch buffers instead of one).</summary>
    public bool Prefetch { get; init; } = true;
    /// <summary>First image to read.</summary>
    public int Start { get; init; }
    /// <summary>Number of images to read (null: to the end).</summary>
    public int? Count { get; init; }
}

/// <summary>
/// Streams a dataset as preprocessed float32 NCHW batches. Memory is one batch (two with
/// prefetch) plus per-thread scratch, whatever the size of the test set. Images of a batch are
/// read and preprocessed in parallel (<see cref="BatchOptions.MaxDegreeOfParallelism"/>).
/// Batches are reused: each is valid until the next one is requested.
/// </summary>
public sealed class BatchReader
{
    private readonly DatasetReader _dataset;
    private readonly PreprocessingPlan _plan;
    private readonly BatchOptions _options;
    private readonly int _start;
    private readonly int _end;
    private readonly ConcurrentBag<PreprocessingScratch> _scratch = [];

    public BatchReader(DatasetReader dataset, PreprocessingPlan plan, BatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(plan);
        options ??= new BatchOptions();
        if (options.BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "BatchSize must be at least 1");
        if (options.MaxDegreeOfParallelism < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "MaxDegreeOfParallelism must be at least 1");
        if (plan.SourceChannels != dataset.Channels)
            throw new PreprocessingException($"the plan is for {plan.SourceChannels}-channel images; {dataset.Name} has {dataset.Channels}");
        int count = options.Count ?? dataset.Count - options.Start;
        if (options.Start < 0 || count < 0 || options.Start > dataset.Count - count)
            throw new ArgumentOutOfRangeException(nameof(options), $"images {options.Start}..{options.Start + count - 1} are outside the dataset (0..{dataset.Count - 1})");
        _dataset = dataset;
        _plan = plan;
        _options = options;
        _start = options.Start;
        _end = options.Start + count;
    }

    /// <summary>Number of images the reader covers.</summary>
    public int ImageCount => _end - _start;
    /// <summary>Number of batches: ceil(ImageCount / BatchSize).</summary>
    public int BatchCount => (ImageCount + _options.BatchSize - 1) / _options.BatchSize;
    public PreprocessingPlan Plan => _plan;

    /// <summary>The batches, filled on the calling thread (and the decoding threads) as they are requested.</summary>
    public IEnumerable<Batch> ReadBatches(CancellationToken cancellationToken = default)
    {
        var batch = NewBatch();
        for (int start = _start; start < _end; start += _options.BatchSize)
        {
            Fill(batch, start, cancellationToken);
            yield return batch;
        }
    }

    /// <summary>The batches, asynchronously; with <see cref="BatchOptions.Prefetch"/> the next batch
    /// is prepared in the background while the consumer processes the current one.</summary>
    public async IAsyncEnumerable<Batch> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!_options.Prefetch)
        {
            var only = NewBatch();
            for (int start = _start; start < _end; start += _options.BatchSize)
            {
                await Task.Run(() => Fill(only, start, cancellationToken), cancellationToken).ConfigureAwait(false);
                yield return only;
            }
            yield break;
        }
        if (_start >= _end)
            yield break;
        var buffers = new[] { NewBatch(), NewBatch() };
        int next = _start;
        int slot = 0;
        Task<Batch>? pending = StartFill(buffers[slot], next, cancellationToken);
        try
        {
            while (pending is not null)
            {
                var current = await pending.ConfigureAwait(false);
                pending = null;
                next += _options.BatchSize;
                slot ^= 1;
                // The other buffer is either still unused or was handed out before `current`, and the
                // consumer has asked for more since: it is free to refill.
                if (next < _end)
                    pending = StartFill(buffers[slot], next, cancellationToken);
                yield return current;
            }
        }
        finally
        {
            if (pending is not null)
            {
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The consumer stopped early; an error of the abandoned prefetch is of no interest.
                }
            }
        }
    }

    private Task<Batch> StartFill(Batch batch, int start, CancellationToken ct) =>
        Task.Run(() =>
        {
            Fill(batch, start, ct);
            return batch;
        }, ct);

    private Batch NewBatch() =>
        new(Math.Min(_options.BatchSize, Math.Max(ImageCount, 1)), _plan.OutputChannels, _plan.OutputHeight, _plan.OutputWidth);

    private void Fill(Batch batch, int start, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        int count = Math.Min(batch.Capacity, _end - start);
        batch.Start = start;
        batch.Count = count;
        _dataset.ReadLabels(start, batch.Labels.AsSpan(0, count));
        var infos = batch.Infos;
        var offsets = batch.Offsets;
        _dataset.ReadInfos(start, infos.AsSpan(0, count), offsets.AsSpan(0, count));
        int floats = _plan.ImageFloats;

        void One(int i, PreprocessingScratch scratch)
        {
            var info = infos[i];
            var pixels = scratch.EnsurePixels(info.Bytes);
            _dataset.ReadPixels(offsets[i], info, pixels);
            try
            {
                _plan.Apply(pixels, info, batch.Data.AsSpan(i * floats, floats), scratch);
            }
            catch (PreprocessingException e)
            {
                throw new PreprocessingException($"{_dataset.Name} image {start + i}: {e.Message}");
            }
        }

        int degree = Math.Min(_options.MaxDegreeOfParallelism, count);
        if (degree <= 1)
        {
            var scratch = Rent();
            try
            {
                for (int i = 0; i < count; i++)
                    One(i, scratch);
            }
            finally
            {
                _scratch.Add(scratch);
            }
            return;
        }
        // Contiguous chunks per worker: a few tasks per batch, each with its own scratch.
        int chunk = (count + degree - 1) / degree;
        var po = new ParallelOptions { MaxDegreeOfParallelism = degree, CancellationToken = ct };
        try
        {
            Parallel.For(0, degree, po, w =>
            {
                var scratch = Rent();
                try
                {
                    int end = Math.Min(count, (w + 1) * chunk);
                    for (int i = w * chunk; i < end; i++)
                        One(i, scratch);
                }
                finally
                {
                    _scratch.Add(scratch);
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    private PreprocessingScratch Rent() => _scratch.TryTake(out var s) ? s : new PreprocessingScratch();
}
