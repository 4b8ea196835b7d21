using Exchange.Log;

namespace Exchange.Index.FaultHost;

/// <summary>
/// The log, with consumers that return at most <paramref name="maxBatch"/> messages a call (as
/// Kafka's <c>max.poll.records</c> would): more batches, so more commits for a kill to fall between.
/// </summary>
internal sealed class SmallBatchLog(IEventLog log, int maxBatch) : IEventLog
{
    public int DefaultPartitions => log.DefaultPartitions;

    public IEventLogConsumer CreateConsumer(string groupId) => new Consumer(log.CreateConsumer(groupId), maxBatch);

    public Task EnsureStandardTopicsAsync(CancellationToken cancellationToken = default) => log.EnsureStandardTopicsAsync(cancellationToken);

    public Task EnsureTopicsAsync(IEnumerable<string> topics, int partitions, CancellationToken cancellationToken = default) =>
        log.EnsureTopicsAsync(topics, partitions, cancellationToken);

    public Task<int?> GetPartitionCountAsync(string topic, CancellationToken cancellationToken = default) => log.GetPartitionCountAsync(topic, cancellationToken);

    public Task<IReadOnlyList<LogPosition>> AppendAsync(string topic, IReadOnlyList<LogMessage> messages, CancellationToken cancellationToken = default) =>
        log.AppendAsync(topic, messages, cancellationToken);

    public Task<PartitionWatermarks> GetWatermarksAsync(string topic, int partition, CancellationToken cancellationToken = default) =>
        log.GetWatermarksAsync(topic, partition, cancellationToken);

    public Task<long> OffsetForTimeAsync(string topic, int partition, DateTimeOffset time, CancellationToken cancellationToken = default) =>
        log.OffsetForTimeAsync(topic, partition, time, cancellationToken);

    public IAsyncEnumerable<ConsumedMessage> ReplayAsync(string topic, int partition, long fromOffset, CancellationToken cancellationToken = default) =>
        log.ReplayAsync(topic, partition, fromOffset, cancellationToken);

    public ValueTask DisposeAsync() => log.DisposeAsync();

    private sealed class Consumer(IEventLogConsumer consumer, int maxBatch) : IEventLogConsumer
    {
        public string GroupId => consumer.GroupId;

        public IReadOnlyCollection<LogPartition> Assignment => consumer.Assignment;

        public void Subscribe(IEnumerable<string> topics) => consumer.Subscribe(topics);

        public IReadOnlyList<ConsumedMessage> Consume(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken = default) =>
            consumer.Consume(Math.Min(maxMessages, maxBatch), maxWait, cancellationToken);

        public void Commit(IEnumerable<ConsumedMessage> processed) => consumer.Commit(processed);

        public void Dispose() => consumer.Dispose();
    }
}
