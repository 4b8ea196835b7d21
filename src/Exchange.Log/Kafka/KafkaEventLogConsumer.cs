using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Exchange.Log.Kafka;

/// <summary>A Kafka consumer-group member: offsets are stored only by <see cref="Commit"/> and auto-committed from there.</summary>
internal sealed class KafkaEventLogConsumer : IEventLogConsumer
{
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);

    private readonly IConsumer<byte[]?, byte[]> _consumer;
    private readonly ILogger _logger;
    private volatile Error? _fatal;
    private bool _disposed;

    public KafkaEventLogConsumer(ConsumerConfig config, string groupId, ILogger logger)
    {
        GroupId = groupId;
        _logger = logger;
        _consumer = new ConsumerBuilder<byte[]?, byte[]>(config)
            .SetErrorHandler((_, error) =>
            {
                _logger.KafkaError(error.Code.ToString(), error.Reason, error.IsFatal);
                if (error.IsFatal)
                {
                    _fatal = error;
                }
            })
            // What this member holds after each rebalance, as the embedded log says it: the way an
            // operator sees instances share the partitions. Assigned and revoked partitions come as
            // the whole set (eager protocols) or as increments (cooperative): both are counted here.
            .SetPartitionsAssignedHandler((consumer, assigned) =>
                _logger.AssignmentChanged(GroupId, consumer.MemberId, consumer.Assignment.Count + assigned.Count))
            .SetPartitionsRevokedHandler((consumer, revoked) =>
                _logger.AssignmentChanged(GroupId, consumer.MemberId, Math.Max(0, consumer.Assignment.Count - revoked.Count)))
            .SetPartitionsLostHandler((consumer, lost) =>
                _logger.AssignmentChanged(GroupId, consumer.MemberId, Math.Max(0, consumer.Assignment.Count - lost.Count)))
            .Build();
    }

    public string GroupId { get; }

    public IReadOnlyCollection<LogPartition> Assignment =>
        [.. _consumer.Assignment.Select(tp => new LogPartition(tp.Topic, tp.Partition.Value))];

    public void Subscribe(IEnumerable<string> topics) => _consumer.Subscribe(topics);

    public IReadOnlyList<ConsumedMessage> Consume(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessages);
        var batch = new List<ConsumedMessage>();
        var clock = Stopwatch.StartNew();
        while (batch.Count < maxMessages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfFatal();
            var remaining = maxWait - clock.Elapsed;
            // Once a message is in hand, take only what is already fetched.
            var wait = batch.Count > 0 || remaining <= TimeSpan.Zero ? TimeSpan.Zero : (remaining < Slice ? remaining : Slice);

            ConsumeResult<byte[]?, byte[]>? result;
            try
            {
                result = _consumer.Consume(wait);
            }
            catch (ConsumeException e) when (!e.Error.IsFatal)
            {
                _logger.ConsumeError(e.ConsumerRecord?.Topic, e.ConsumerRecord?.Partition.Value ?? -1,
                    e.ConsumerRecord?.Offset.Value ?? -1, e.Error.Reason);
                continue;
            }
            catch (ConsumeException e)
            {
                _fatal = e.Error;
                throw new EventLogException($"The Kafka consumer failed fatally ({e.Error.Code}): {e.Error.Reason}", e);
            }

            if (result is null)
            {
                if (batch.Count > 0 || remaining <= TimeSpan.Zero)
                {
                    break;
                }

                continue;
            }

            if (!result.IsPartitionEOF)
            {
                batch.Add(KafkaMessages.FromKafka(result));
            }
        }

        return batch;
    }

    public void Commit(IEnumerable<ConsumedMessage> processed)
    {
        foreach (var last in processed.GroupBy(m => (m.Topic, m.Partition)).Select(g => g.MaxBy(m => m.Offset)!))
        {
            try
            {
                // The committed offset is the next one to read.
                _consumer.StoreOffset(new TopicPartitionOffset(last.Topic, last.Partition, last.Offset + 1));
            }
            catch (KafkaException e) when (e.Error.Code == ErrorCode.Local_State)
            {
                _logger.CommitForLostPartition(GroupId, last.Topic, last.Partition);
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            // Commits the stored offsets and leaves the group, so the others take over at once.
            if (_fatal is null)
            {
                _consumer.Close();
            }
        }
        finally
        {
            _consumer.Dispose();
        }
    }

    private void ThrowIfFatal()
    {
        if (_fatal is { } fatal)
        {
            throw new EventLogException($"The Kafka consumer failed fatally ({fatal.Code}): {fatal.Reason}; create a new one.");
        }
    }
}
