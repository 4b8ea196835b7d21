using System.ComponentModel.DataAnnotations;

namespace Exchange.Log.Kafka;

/// <summary>
/// Settings of the Kafka event log, bound from <c>Exchange:Kafka</c>. Either
/// <see cref="BootstrapServers"/> or <see cref="Mock"/> must be set.
/// </summary>
public sealed class KafkaLogOptions : IValidatableObject
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Exchange:Kafka";

    /// <summary>The brokers to connect to, <c>host:port</c> separated by commas.</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>Partitions of the topics the hub creates at start; the merger scales up to this many members.</summary>
    [Range(1, 10_000)]
    public int Partitions { get; set; } = 6;

    /// <summary>Replicas of each topic the hub creates; null takes the brokers' <c>default.replication.factor</c>.</summary>
    [Range(1, 100)]
    public short? ReplicationFactor { get; set; }

    /// <summary>
    /// A demo and test aid: when above 0, starts librdkafka's in-process mock cluster with this many
    /// brokers (listening on 127.0.0.1) instead of connecting to <see cref="BootstrapServers"/>. It
    /// keeps nothing on disk: every message is gone when the hub stops.
    /// </summary>
    [Range(0, 16)]
    public int Mock { get; set; }

    /// <summary>
    /// Extra librdkafka producer settings (e.g. <c>linger.ms</c>, <c>security.protocol</c>), passed
    /// through; one librdkafka refuses stops the hub at start, named.
    /// </summary>
    public Dictionary<string, string> ProducerConfig { get; set; } = [];

    /// <summary>
    /// Extra librdkafka consumer settings (e.g. <c>session.timeout.ms</c>, <c>sasl.*</c>), passed
    /// through. The hub's consumers fetch at most 8 MB ahead (<c>queued.max.messages.kbytes</c>
    /// 8192, against librdkafka's 64 MB), which keeps the hub within 400 MB; setting it here
    /// overrides that. One librdkafka refuses stops the hub at start, named.
    /// </summary>
    public Dictionary<string, string> ConsumerConfig { get; set; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Mock == 0 && string.IsNullOrWhiteSpace(BootstrapServers))
        {
            yield return new ValidationResult(
                $"Set {SectionName}:BootstrapServers, or {SectionName}:Mock to a broker count for an in-process mock cluster.",
                [nameof(BootstrapServers), nameof(Mock)]);
        }

        // librdkafka checks a client's settings only when the client is made, which for the
        // consumers is after the hub has started: a value it refuses is refused here, by name.
        foreach (var (section, settings) in new[] { (nameof(ProducerConfig), ProducerConfig), (nameof(ConsumerConfig), ConsumerConfig) })
        {
            foreach (var (name, value) in settings)
            {
                // The message does not repeat the value, which under a mistyped name may be a password
                // (librdkafka quotes a value only for properties of enumerated values, never secret).
                if (Librdkafka.Refusal(name, value) is { } refusal)
                    yield return new ValidationResult($"librdkafka refuses it: {refusal}", [$"{section}:{name}"]);
            }
        }
    }
}
