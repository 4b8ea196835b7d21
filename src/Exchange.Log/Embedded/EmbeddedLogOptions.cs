using System.ComponentModel.DataAnnotations;

namespace Exchange.Log.Embedded;

/// <summary>Settings of the embedded event log, bound from <c>Exchange:EmbeddedLog</c>.</summary>
public sealed class EmbeddedLogOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Exchange:EmbeddedLog";

    /// <summary>Partitions of the topics the hub creates at start.</summary>
    [Range(1, 1_000)]
    public int Partitions { get; set; } = 6;

    /// <summary>
    /// How long a consumer-group member keeps its partitions without calling Consume; after that
    /// the other members take them over (Kafka's <c>session.timeout.ms</c>/<c>max.poll.interval.ms</c> in one).
    /// </summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a member renews its place and re-divides partitions with the other members.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);
}
