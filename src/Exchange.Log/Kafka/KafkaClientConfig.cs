using Confluent.Kafka;

namespace Exchange.Log.Kafka;

/// <summary>Builds librdkafka settings: the hub's defaults, then the pass-through settings, then the guarantees the contract relies on.</summary>
internal static class KafkaClientConfig
{
    /// <summary>
    /// How much a consumer fetches ahead of what it has handed out, in kilobytes
    /// (<c>queued.max.messages.kbytes</c>). librdkafka's default, 64 MB, is held in full by a
    /// consumer that lags its topic, as the merger does while records stream in: with it the hub on
    /// Kafka peaked at about 510 MB against 320 MB on the embedded log, and at 390 MB with this
    /// bound (16 MB gave 404 MB, over the 400 MB a hub is meant to stay within). 8 MB is about
    /// 10,000 records, several seconds of the merger's work.
    /// </summary>
    public const int PrefetchKilobytes = 8_192;

    public static ProducerConfig Producer(KafkaLogOptions options, string bootstrapServers)
    {
        var config = new ProducerConfig
        {
            CompressionType = CompressionType.Lz4,
            LingerMs = 5,
            // Same key → same partition as Java clients and as the embedded log (see KeyPartitioner).
            Partitioner = Partitioner.Murmur2Random,
        };
        Overlay(config, options.ProducerConfig);
        config.BootstrapServers = bootstrapServers;
        // Retries never duplicate or reorder a key's messages, and a delivery report means all in-sync replicas have it.
        config.EnableIdempotence = true;
        config.Acks = Acks.All;
        // Appending to a topic that does not exist is an error, as in the embedded log.
        config.Set("allow.auto.create.topics", "false");
        return config;
    }

    public static ConsumerConfig GroupMember(KafkaLogOptions options, string bootstrapServers, string groupId)
    {
        var config = new ConsumerConfig { AutoOffsetReset = AutoOffsetReset.Earliest, QueuedMaxMessagesKbytes = PrefetchKilobytes };
        Overlay(config, options.ConsumerConfig);
        config.BootstrapServers = bootstrapServers;
        config.GroupId = groupId;
        // At-least-once: offsets are stored only by Commit (after processing); the stored ones are
        // committed in the background and on Close().
        config.EnableAutoCommit = true;
        config.EnableAutoOffsetStore = false;
        config.AllowAutoCreateTopics = false;
        return config;
    }

    /// <summary>A consumer outside any group, for replays and offset look-ups: it never commits.</summary>
    public static ConsumerConfig Reader(KafkaLogOptions options, string bootstrapServers)
    {
        var config = new ConsumerConfig { QueuedMaxMessagesKbytes = PrefetchKilobytes };
        Overlay(config, options.ConsumerConfig);
        config.BootstrapServers = bootstrapServers;
        config.GroupId = $"exchange-reader-{Guid.NewGuid():N}";
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        config.EnablePartitionEof = true;
        config.AllowAutoCreateTopics = false;
        return config;
    }

    public static AdminClientConfig Admin(KafkaLogOptions options, string bootstrapServers)
    {
        // Security settings are shared with the producer's pass-through.
        var config = new AdminClientConfig();
        Overlay(config, options.ProducerConfig.Where(p => !IsProducerOnly(p.Key)));
        config.BootstrapServers = bootstrapServers;
        // The admin client asks for a topic's metadata to learn whether it exists: that must not create it.
        config.Set("allow.auto.create.topics", "false");
        return config;
    }

    private static void Overlay(ClientConfig config, IEnumerable<KeyValuePair<string, string>> settings)
    {
        foreach (var (key, value) in settings)
        {
            config.Set(key, value);
        }
    }

    private static bool IsProducerOnly(string key) =>
        key.StartsWith("linger", StringComparison.Ordinal) || key.StartsWith("batch", StringComparison.Ordinal)
        || key.StartsWith("compression", StringComparison.Ordinal) || key.StartsWith("queue", StringComparison.Ordinal)
        || key is "acks" or "enable.idempotence" or "partitioner" or "message.timeout.ms" or "retries";
}
