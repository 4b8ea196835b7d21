namespace Exchange.Adapters.Pull;

/// <summary>One employer's JobPosting feed: a URL answering JSON-LD.</summary>
public sealed record JobPostingFeedOptions
{
    /// <summary>The instance's name, unique in the hub; its checkpoint key.</summary>
    public required string Name { get; init; }

    /// <summary>The feed's URL.</summary>
    public required Uri FeedUrl { get; init; }

    /// <summary>The employer's unified social credit code, the records' source organisation.</summary>
    public required string SourceOrganisation { get; init; }

    /// <summary>Retries of a failed fetch.</summary>
    public RetryPolicy Retry { get; init; } = new();

    /// <summary>When to stop asking this source for a while after repeated failures.</summary>
    public CircuitBreakerPolicy CircuitBreaker { get; init; } = new();
}
