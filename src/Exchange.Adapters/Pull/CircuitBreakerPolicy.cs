namespace Exchange.Adapters.Pull;

/// <summary>
/// When a pull adapter stops asking a failing source for a while. The breaker counts the tries of
/// the last <see cref="SamplingDuration"/>; once at least <see cref="MinimumThroughput"/> were made
/// and the share that failed (the failures a retry would answer) reaches <see cref="FailureRatio"/>,
/// the source is not contacted for <see cref="BreakDuration"/>: its rounds end at once, and the
/// first try after the break decides whether it is closed again. Each source has its own breaker.
/// </summary>
public sealed record CircuitBreakerPolicy
{
    /// <summary>The share of failed tries, from 0 to 1, that opens the breaker.</summary>
    public double FailureRatio { get; init; } = 1.0;

    /// <summary>Tries in the sampling window before the breaker may open (at least 2).</summary>
    public int MinimumThroughput { get; init; } = 10;

    /// <summary>The window in which tries are counted; longer than the polling interval, so that failed rounds add up.</summary>
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an open breaker keeps the source from being contacted.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromMinutes(15);
}
