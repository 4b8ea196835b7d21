namespace Exchange.Adapters.Pull;

/// <summary>
/// How a pull adapter retries a fetch that timed out, failed to connect, answered 5xx/408/429 or
/// returned garbage: exponential backoff with jitter from <see cref="BaseDelay"/>, each wait capped
/// at <see cref="MaxDelay"/>, at most <see cref="MaxAttempts"/> tries per fetch. A retried answer with
/// <c>Retry-After</c> (a 429 or 503, typically) waits as long as the source asks instead. Every try is cut off after
/// <see cref="AttemptTimeout"/>, and the tries and waits together after <see cref="TotalTimeout"/>.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Tries per fetch, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The typical wait before the second try; later waits grow exponentially, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest computed wait between tries (a source's <c>Retry-After</c> is honoured even when longer).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one try may take, from the request to the last byte of the body.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one fetch may take with all its tries and waits; past it the round stops and the next one retries.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
