namespace Grader.Worker.Forges;

/// <summary>Limits of the forge jobs: what a fetched commit's files may weigh, how long a forge call may take.</summary>
public sealed record ForgeOptions
{
    /// <summary>The answers file, as for uploads.</summary>
    public long AnswersBytes { get; init; } = 1 << 20;

    /// <summary>One model file, as for uploads.</summary>
    public long ModelBytes { get; init; } = 64L << 20;

    /// <summary>One forge API call; past it the call counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
