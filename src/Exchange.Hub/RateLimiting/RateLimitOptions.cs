using System.ComponentModel.DataAnnotations;

namespace Exchange.Hub.RateLimiting;

/// <summary>Per-client request budget: a token bucket refilled every second.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Exchange:RateLimits";

    /// <summary>Requests a client may make per second, sustained.</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 50;

    /// <summary>Requests a client may make in a burst.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 100;
}
