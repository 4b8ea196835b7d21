namespace Exchange.Log;

/// <summary>
/// The hub's event log: named topics split into partitions, each partition an ordered sequence
/// of messages numbered by gapless offsets from 0. Two implementations keep this contract and
/// pass the same contract tests: <see cref="Kafka.KafkaEventLog"/> (Kafka, past one machine) and
/// <see cref="Embedded.EmbeddedEventLog"/> (tables in the hub's own PostgreSQL).
/// </summary>
/// <remarks>
/// Messages with the same key always land in the same partition (Kafka's murmur2 partitioner in
/// both implementations), so per-key order is preserved. One instance per process; it is
/// thread-safe, unlike the consumers it creates.
/// </remarks>
public interface IEventLog : IAsyncDisposable
{
    /// <summary>The partition count used for topics created by <see cref="EnsureStandardTopicsAsync"/>.</summary>
    int DefaultPartitions { get; }

    /// <summary>
    /// Creates every <c>exchange.&lt;kind&gt;.v1</c> topic and <see cref="Topics.DeadLetter"/> with
    /// <see cref="DefaultPartitions"/> partitions. The hub calls it once at start.
    /// </summary>
    Task EnsureStandardTopicsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the topics that do not exist yet with the given partition count. A topic that
    /// already exists is left as it is (its partition count is never changed).
    /// </summary>
    Task EnsureTopicsAsync(IEnumerable<string> topics, int partitions, CancellationToken cancellationToken = default);

    /// <summary>The partition count of a topic, or null when the topic does not exist.</summary>
    Task<int?> GetPartitionCountAsync(string topic, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends a batch to a topic. Returns, for each message in the order given, the partition
    /// and offset it was stored at; when the task completes every message is durable. Messages
    /// with the same key keep their order within the batch and across batches from one caller.
    /// </summary>
    /// <remarks>
    /// A W3C <c>traceparent</c>/<c>tracestate</c> header is added from <see cref="System.Diagnostics.Activity.Current"/>
    /// when present and the message does not already carry one.
    /// </remarks>
    /// <exception cref="EventLogException">The topic does not exist, or the log could not store the batch.</exception>
    Task<IReadOnlyList<LogPosition>> AppendAsync(string topic, IReadOnlyList<LogMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a member of a consumer group. The caller owns it and must dispose it; like a Kafka
    /// consumer it is used by one thread at a time.
    /// </summary>
    IEventLogConsumer CreateConsumer(string groupId);

    /// <summary>The first offset still kept and the offset the next appended message will get.</summary>
    Task<PartitionWatermarks> GetWatermarksAsync(string topic, int partition, CancellationToken cancellationToken = default);

    /// <summary>
    /// The first offset in the partition whose timestamp is at or after <paramref name="time"/>;
    /// the high watermark (the end) when every kept message is older.
    /// </summary>
    Task<long> OffsetForTimeAsync(string topic, int partition, DateTimeOffset time, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one partition from <paramref name="fromOffset"/> to the end as it was when the call
    /// started, without joining any consumer group or committing anything.
    /// </summary>
    IAsyncEnumerable<ConsumedMessage> ReplayAsync(string topic, int partition, long fromOffset, CancellationToken cancellationToken = default);
}
