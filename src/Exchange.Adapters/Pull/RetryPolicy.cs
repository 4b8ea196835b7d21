namespace Exchange.Adapters.Pull;

/// <summary>
/// How a pull adapter retries a fetch that timed out, answered 5xx/408/429 or returned garbage:
/// exponential backoff with jitter (each wait is drawn between half and all of
/// <c>min(MaxDelay, BaseDelay × 2^(attempt-1))</c>), at most <see cref="MaxAttempts"/> tries per round.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Tries per fetch, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait before the second try, before jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait, before jitter.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        // Jitter keeps many adapters that failed together from retrying together.
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }
}
