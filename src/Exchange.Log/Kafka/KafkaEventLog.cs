using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;

namespace Exchange.Log.Kafka;

/// <summary>
/// The event log on Kafka (Confluent.Kafka / librdkafka). One instance per process: it holds the
/// one long-lived idempotent producer (acks=all, lz4, a few ms of linger) and an admin client.
/// With <see cref="KafkaLogOptions.Mock"/> set it starts and owns a <see cref="MockCluster"/>.
/// </summary>
public sealed class KafkaEventLog : IEventLog
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    // Asking a moved partition's new leader: how many times, and the pause that grows between them.
    private const int LeaderLookups = 5;
    private static readonly TimeSpan LeaderLookupPause = TimeSpan.FromMilliseconds(100);

    private readonly KafkaLogOptions _options;
    private readonly ILogger _logger;
    private readonly MockCluster? _mock;
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly IAdminClient _admin;
    private readonly Lazy<IConsumer<byte[]?, byte[]>> _reader;
    private readonly ConcurrentDictionary<string, int> _knownTopics = new(StringComparer.Ordinal);
    private volatile Error? _fatal;

    /// <summary>Creates the producer and admin client (and the mock cluster in mock mode); connects lazily.</summary>
    public KafkaEventLog(KafkaLogOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        if (options.Mock > 0)
        {
            _mock = MockCluster.Start(options.Mock);
            logger.MockClusterStarted(_mock.Brokers, _mock.BootstrapServers);
        }

        BootstrapServers = _mock?.BootstrapServers ?? options.BootstrapServers
            ?? throw new ArgumentException($"{KafkaLogOptions.SectionName}:BootstrapServers is not set.", nameof(options));

        _producer = new ProducerBuilder<byte[]?, byte[]>(KafkaClientConfig.Producer(options, BootstrapServers))
            .SetErrorHandler((_, error) => OnError(error))
            .Build();
        _admin = new AdminClientBuilder(KafkaClientConfig.Admin(options, BootstrapServers)).Build();
        _reader = new(() => new ConsumerBuilder<byte[]?, byte[]>(KafkaClientConfig.Reader(options, BootstrapServers)).Build());
    }

    /// <summary>The brokers in use: the configured ones, or the mock cluster's.</summary>
    public string BootstrapServers { get; }

    /// <inheritdoc />
    public int DefaultPartitions => _options.Partitions;

    /// <inheritdoc />
    public Task EnsureStandardTopicsAsync(CancellationToken cancellationToken = default) =>
        EnsureTopicsAsync(Topics.All, _options.Partitions, cancellationToken);

    /// <inheritdoc />
    public async Task EnsureTopicsAsync(IEnumerable<string> topics, int partitions, CancellationToken cancellationToken = default)
    {
        var replication = _options.ReplicationFactor ?? (short)(_mock is null ? -1 : Math.Min(3, _mock.Brokers));
        var names = topics.Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (_mock is not null)
        {
            // The mock brokers do not implement CreateTopics; the mock API creates them instead.
            foreach (var name in names.Where(name => _mock.CreateTopic(name, partitions, replication)))
            {
                _logger.TopicCreated(name, partitions);
            }
        }
        else
        {
            // Only the missing ones: a cluster whose topics were made by its operators need not grant the hub CreateTopics.
            Metadata metadata;
            try
            {
                metadata = _admin.GetMetadata(MetadataTimeout);
            }
            catch (KafkaException e)
            {
                throw new EventLogException(
                    $"No Kafka broker answered at {BootstrapServers} (Exchange:Kafka:BootstrapServers) within {MetadataTimeout.TotalSeconds:0} s: {e.Error.Code}: {e.Error.Reason}", e);
            }
            var existing = metadata.Topics.Where(t => t.Error.Code == ErrorCode.NoError).Select(t => t.Topic).ToHashSet(StringComparer.Ordinal);
            var missing = names.Where(name => !existing.Contains(name)).ToList();
            if (missing.Count > 0)
                await CreateTopicsAsync(missing, partitions, replication);
        }

        await WaitUntilVisibleAsync(names, cancellationToken);
    }

    private async Task CreateTopicsAsync(List<string> names, int partitions, short replication)
    {
        var specifications = names.Select(name => new TopicSpecification
        {
            Name = name,
            NumPartitions = partitions,
            ReplicationFactor = replication,
        }).ToList();
        try
        {
            await _admin.CreateTopicsAsync(specifications);
            foreach (var specification in specifications)
            {
                _logger.TopicCreated(specification.Name, partitions);
            }
        }
        catch (CreateTopicsException e)
        {
            var failed = e.Results.Where(r => r.Error.Code is not (ErrorCode.NoError or ErrorCode.TopicAlreadyExists)).ToList();
            if (failed.Count > 0)
            {
                throw new EventLogException(
                    $"Could not create topics: {string.Join("; ", failed.Select(r => $"{r.Topic}: {r.Error.Reason}"))}", e);
            }
        }
    }

    /// <inheritdoc />
    public Task<int?> GetPartitionCountAsync(string topic, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TopicMetadata? metadata;
        try
        {
            metadata = _admin.GetMetadata(topic, MetadataTimeout).Topics.SingleOrDefault(t => t.Topic == topic);
        }
        catch (KafkaException e)
        {
            throw new EventLogException($"Kafka did not answer the metadata of {topic}: {e.Error.Code}: {e.Error.Reason}", e);
        }
        int? count = metadata is null || metadata.Error.Code != ErrorCode.NoError || metadata.Partitions.Count == 0
            ? null
            : metadata.Partitions.Count;
        if (count is { } known)
        {
            _knownTopics[topic] = known;
        }

        return Task.FromResult(count);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LogPosition>> AppendAsync(
        string topic, IReadOnlyList<LogMessage> messages, CancellationToken cancellationToken = default)
    {
        if (_fatal is { } fatal)
        {
            throw new EventLogException($"The Kafka producer failed fatally ({fatal.Code}: {fatal.Reason}); restart the hub.");
        }

        if (!_knownTopics.ContainsKey(topic) && await GetPartitionCountAsync(topic, cancellationToken) is null)
        {
            throw new EventLogException($"Topic '{topic}' does not exist.");
        }

        // Produce all, then await the delivery reports: the producer batches them per partition.
        var batch = new DeliveryBatch(topic, messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            try
            {
                _producer.Produce(topic, KafkaMessages.ToKafka(messages[i]), batch.HandlerFor(i));
            }
            catch (ProduceException<byte[]?, byte[]> e)
            {
                // Refused before it reached the producer's queue (a full queue, a message too large):
                // the batch fails once the messages already produced are reported.
                batch.NotProduced(i, e.Error);
                break;
            }
        }

        return await batch.Delivered.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public IEventLogConsumer CreateConsumer(string groupId) =>
        new KafkaEventLogConsumer(KafkaClientConfig.GroupMember(_options, BootstrapServers, groupId), groupId, _logger);

    /// <inheritdoc />
    /// <remarks>
    /// The reader asks the leader its metadata names. When leadership has moved since, the old
    /// leader answers NOT_LEADER_FOR_PARTITION and librdkafka does not look again by itself: the
    /// reader's metadata is refreshed and the question asked anew, a few times. A broker that does
    /// not answer is an outage of the log, thrown as <see cref="EventLogException"/>.
    /// </remarks>
    public async Task<PartitionWatermarks> GetWatermarksAsync(string topic, int partition, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var watermarks = _reader.Value.QueryWatermarkOffsets(new TopicPartition(topic, partition), MetadataTimeout);
                return new PartitionWatermarks(watermarks.Low.Value, watermarks.High.Value);
            }
            catch (KafkaException e) when (LeaderMoved(e.Error.Code) && attempt < LeaderLookups)
            {
                RefreshReaderMetadata(topic);
                await Task.Delay(LeaderLookupPause * attempt, cancellationToken);
            }
            catch (KafkaException e)
            {
                throw new EventLogException($"Kafka did not answer the offsets of {topic} [{partition}]: {e.Error.Code}: {e.Error.Reason}", e);
            }
        }
    }

    private static bool LeaderMoved(ErrorCode code) =>
        code is ErrorCode.NotLeaderForPartition or ErrorCode.LeaderNotAvailable or ErrorCode.FencedLeaderEpoch or ErrorCode.UnknownLeaderEpoch;

    // The reader's own handle: another client's metadata would not update the reader's.
    private void RefreshReaderMetadata(string topic)
    {
        try
        {
            using var metadata = new DependentAdminClientBuilder(_reader.Value.Handle).Build();
            metadata.GetMetadata(topic, MetadataTimeout);
        }
        catch (KafkaException)
        {
            // The next attempt says whether the log answers.
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Asks the brokers' time index (ListOffsets). When they answer "the end" although the last
    /// message is not older than <paramref name="time"/> — librdkafka's mock cluster does not
    /// implement look-ups by time — this falls back to scanning the partition's timestamps.
    /// </remarks>
    public async Task<long> OffsetForTimeAsync(string topic, int partition, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TopicPartitionOffset found;
        try
        {
            found = _reader.Value.OffsetsForTimes(
                [new TopicPartitionTimestamp(topic, partition, new Timestamp(time))], MetadataTimeout).Single();
        }
        catch (KafkaException e)
        {
            throw new EventLogException($"Kafka did not answer the offset of {topic} [{partition}] at {time:O}: {e.Error.Code}: {e.Error.Reason}", e);
        }
        if (found.Offset != Offset.End && found.Offset.Value >= 0)
        {
            return found.Offset.Value;
        }

        var watermarks = await GetWatermarksAsync(topic, partition, cancellationToken);
        if (watermarks.High == watermarks.Low)
        {
            return watermarks.High;
        }

        var last = await FirstAsync(ReplayAsync(topic, partition, watermarks.High - 1, cancellationToken));
        if (last is null || last.Timestamp < time)
        {
            return watermarks.High;
        }

        var first = await FirstAsync(ScanAsync(topic, partition, watermarks.Low, time, cancellationToken));
        return first?.Offset ?? watermarks.High;
    }

    private async IAsyncEnumerable<ConsumedMessage> ScanAsync(
        string topic, int partition, long fromOffset, DateTimeOffset time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var message in ReplayAsync(topic, partition, fromOffset, cancellationToken))
        {
            if (message.Timestamp >= time)
            {
                yield return message;
            }
        }
    }

    private static async Task<ConsumedMessage?> FirstAsync(IAsyncEnumerable<ConsumedMessage> messages)
    {
        await foreach (var message in messages)
        {
            return message;
        }

        return null;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ConsumedMessage> ReplayAsync(
        string topic, int partition, long fromOffset, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var end = (await GetWatermarksAsync(topic, partition, cancellationToken)).High;
        if (fromOffset >= end)
        {
            yield break;
        }

        using var reader = new ConsumerBuilder<byte[]?, byte[]>(KafkaClientConfig.Reader(_options, BootstrapServers)).Build();
        reader.Assign(new TopicPartitionOffset(topic, partition, fromOffset));
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Short blocking slices: a replay is a one-off read, not a long-lived loop.
                var result = reader.Consume(TimeSpan.FromMilliseconds(100));
                if (result is null)
                {
                    continue;
                }

                if (result.IsPartitionEOF)
                {
                    if (result.Offset.Value >= end)
                    {
                        yield break;
                    }

                    continue;
                }

                yield return KafkaMessages.FromKafka(result);
                if (result.Offset.Value >= end - 1)
                {
                    yield break;
                }
            }
        }
        finally
        {
            reader.Close();
        }
    }

    /// <summary>
    /// Asks the cluster for its broker list, waiting at most <paramref name="timeout"/>: a readiness
    /// probe, on the admin client the log already holds rather than a new client per probe.
    /// </summary>
    /// <returns>The number of brokers the metadata names.</returns>
    /// <exception cref="EventLogException">No broker answered in time.</exception>
    public int CountBrokers(TimeSpan timeout)
    {
        try
        {
            return _admin.GetMetadata(timeout).Brokers.Count;
        }
        catch (KafkaException e)
        {
            throw new EventLogException($"No Kafka broker answered a metadata request within {timeout}.", e);
        }
    }

    /// <summary>Waits for queued messages to be delivered, then closes the clients (and stops the mock cluster).</summary>
    public ValueTask DisposeAsync()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
        _admin.Dispose();
        if (_reader.IsValueCreated)
        {
            _reader.Value.Close();
            _reader.Value.Dispose();
        }

        _mock?.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnError(Error error)
    {
        _logger.KafkaError(error.Code.ToString(), error.Reason, error.IsFatal);
        if (error.IsFatal)
        {
            _fatal = error;
        }
    }

    private async Task WaitUntilVisibleAsync(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        // CreateTopics returns when the controller has the topic; metadata on other brokers follows shortly.
        foreach (var topic in topics)
        {
            for (var attempt = 0; await GetPartitionCountAsync(topic, cancellationToken) is null; attempt++)
            {
                if (attempt == 50)
                {
                    throw new EventLogException($"Topic '{topic}' was created but did not appear in the cluster's metadata.");
                }

                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
