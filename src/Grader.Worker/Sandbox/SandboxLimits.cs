namespace Grader.Worker.Sandbox;

/// <summary>
/// What one model evaluation may use. The child applies the resource limits to itself (setrlimit)
/// before it reads the model, and reports them back so the parent can check them; the parent
/// kills it when <see cref="WallClock"/> has passed.
/// </summary>
public sealed record SandboxLimits
{
    /// <summary>Private writable memory (RLIMIT_DATA: the heap and every buffer the engine
    /// allocates, not the mapped program files). The engine caps a batch's activations at 2 GiB,
    /// so every network within its per-image limits fits in the default.</summary>
    public long MemoryBytes { get; init; } = 4L << 30;

    /// <summary>The evaluation's own limit: past it the engine stops between layers and the item
    /// fails with the reason, as in-process.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>Starting the child, loading, checking and compiling the model: not counted by
    /// <see cref="TimeLimit"/>, which starts with the first image.</summary>
    public TimeSpan StartupAllowance { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>CPU time of all the child's threads (RLIMIT_CPU); null: the wall clock on every core.</summary>
    public TimeSpan? CpuTime { get; init; }

    /// <summary>Largest file the child may write (RLIMIT_FSIZE); it needs none.</summary>
    public long FileBytes { get; init; } = 64L << 20;

    /// <summary>Open file descriptors (RLIMIT_NOFILE).</summary>
    public int OpenFiles { get; init; } = 1024;

    /// <summary>When the parent kills the child, counted from its start-up: a child stuck where
    /// the engine cannot stop it still ends.</summary>
    public TimeSpan WallClock => TimeLimit + StartupAllowance;

    public TimeSpan EffectiveCpuTime => CpuTime ?? WallClock * Environment.ProcessorCount;

    /// <summary>e.g. "4 GiB memory, 20 min (22 min in all), 352 CPU-min, 64 MiB files".</summary>
    public string Describe() =>
        $"{Bytes(MemoryBytes)} memory, {Duration(TimeLimit)} ({Duration(WallClock)} in all), "
        + $"{Duration(EffectiveCpuTime)} CPU, {Bytes(FileBytes)} files";

    internal static string Bytes(long bytes) =>
        bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? $"{bytes >> 30} GiB"
        : bytes >= 1L << 20 ? $"{bytes / (double)(1 << 20):0.#} MiB"
        : $"{bytes / 1024.0:0.#} KiB";

    internal static string Duration(TimeSpan span) =>
        span.TotalMinutes >= 1 && span.Seconds == 0 ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalSeconds:0.#} s";
}
