using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Adapters.Ingest;
using Exchange.Core.Model;
using Exchange.Log;
using Exchange.Testing;

namespace Exchange.Adapters.Tests;

/// <summary>
/// A batch of several chunks: judged on every core and appended while the next chunk is judged,
/// with the delivery guarantees of one chunk at a time — outcomes in input order, a record repeated
/// across chunks appended once, nothing registered that was not appended.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class IngestPipelineChunkTests(PostgresFixture postgres)
{
    private const string University = "12100000400000624D";
    private const int Records = (2 * IngestPipeline.ChunkSize) + 250;

    [Fact]
    public async Task Outcomes_of_a_three_chunk_batch_come_back_in_input_order_and_a_repeat_in_a_later_chunk_is_a_duplicate()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var log = new RecordingEventLog(harness.Log);
        var records = Graduates(Records);
        records[1_100] = records[10];
        records[600] = "{not json"u8.ToArray();

        var result = await harness.NewPipeline(log: log).IngestAsync(Batch(records), TestTimeout.Token());

        Assert.Equal(Enumerable.Range(0, Records), result.Outcomes.Select(o => o.Index));
        Assert.Equal(Enumerable.Range(1, Records).Select(n => $"row {n}"), result.Outcomes.Select(o => o.Origin));
        Assert.Equal(IngestStatus.Duplicate, result.Outcomes[1_100].Status);
        Assert.Equal(IngestStatus.Rejected, result.Outcomes[600].Status);
        Assert.Equal((Records - 2, 1, 1), (result.Accepted, result.Duplicates, result.Rejected));
        Assert.Equal(Records - 2, await harness.CountAsync(RecordKind.Graduate));
        Assert.Equal(1, log.MostAppendsAtOnce);
        // Chunk after chunk, in input order.
        var graduateTopic = Topics.For(RecordKind.Graduate);
        Assert.Equal(
            [.. result.Outcomes.Where(o => o.Status == IngestStatus.Accepted).Select(o => o.RecordId!)],
            log.Appended.Where(a => a.Topic == graduateTopic).SelectMany(a => a.RecordIds));
    }

    [Fact]
    public async Task When_the_second_chunk_cannot_be_appended_the_first_is_registered_and_no_later_chunk_is_appended()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var records = Graduates(Records);
        var failing = new RecordingEventLog(harness.Log) { FailOnRecordAppend = 2 };

        await Assert.ThrowsAsync<EventLogException>(() => harness.NewPipeline(log: failing).IngestAsync(Batch(records), TestTimeout.Token()));
        Assert.Equal(IngestPipeline.ChunkSize, await harness.CountAsync(RecordKind.Graduate));

        // The source sends the batch again: the first chunk was registered, the rest were never stored.
        var again = await harness.NewPipeline().IngestAsync(Batch(records), TestTimeout.Token());
        Assert.Equal((Records - IngestPipeline.ChunkSize, IngestPipeline.ChunkSize), (again.Accepted, again.Duplicates));
        Assert.Equal(Records, await harness.CountAsync(RecordKind.Graduate));
    }

    [Fact]
    public async Task A_keyed_retry_after_a_failure_mid_batch_answered_what_the_first_attempt_appended_as_duplicates()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var records = Graduates(Records);
        Func<int, Guid> ids = index => new Guid(index + 1, 0, 0, new byte[8]);
        var failing = new RecordingEventLog(harness.Log) { FailOnRecordAppend = 2 };

        await Assert.ThrowsAsync<EventLogException>(() => harness.NewPipeline(log: failing).IngestAsync(Batch(records) with { EnvelopeIds = ids }, TestTimeout.Token()));

        // The same request again, after a restart: the first chunk is recognised as its own and not appended twice.
        var again = await harness.NewPipeline().IngestAsync(Batch(records) with { EnvelopeIds = ids }, TestTimeout.Token());
        Assert.Equal((Records, 0), (again.Accepted, again.Duplicates));
        Assert.Equal(Enumerable.Range(0, Records).Select(ids), again.Outcomes.Select(o => o.EnvelopeId!.Value));
        Assert.Equal(Records, await harness.CountAsync(RecordKind.Graduate));

        // Any other request with the same records, keyed or not, gets duplicates.
        var other = await harness.NewPipeline().IngestAsync(Batch(records) with { EnvelopeIds = index => new Guid(index + 1, 1, 0, new byte[8]) }, TestTimeout.Token());
        Assert.Equal((0, Records), (other.Accepted, other.Duplicates));
        var unkeyed = await harness.NewPipeline().IngestAsync(Batch(records), TestTimeout.Token());
        Assert.Equal((0, Records), (unkeyed.Accepted, unkeyed.Duplicates));
        Assert.Equal(Records, await harness.CountAsync(RecordKind.Graduate));
    }

    private static byte[][] Graduates(int count)
    {
        var sample = JsonNode.Parse(IngestHarness.Sample("graduate.valid.json")[0])!;
        return [.. Enumerable.Range(0, count).Select(n =>
        {
            var graduate = sample.DeepClone();
            graduate["recordId"] = RecordIds.Numbered("G-", n);
            return JsonSerializer.SerializeToUtf8Bytes(graduate);
        })];
    }

    private static IngestBatch Batch(IReadOnlyList<byte[]> records) =>
        new(RecordKind.Graduate, University, [.. records.Select((r, i) => new IngestRecord(FormattableString.Invariant($"row {i + 1}"), r))]);

    /// <summary>The embedded log, watched: what was appended in which order, how many appends ran at once, and a failure on demand.</summary>
    private sealed class RecordingEventLog(IEventLog inner) : IEventLog
    {
        private int _running;
        private int _recordAppends;

        /// <summary>The n-th append to a record topic (1-based) throws, as a log outage would.</summary>
        public int? FailOnRecordAppend { get; init; }

        public int MostAppendsAtOnce { get; private set; }

        public List<(string Topic, List<string> RecordIds)> Appended { get; } = [];

        public int DefaultPartitions => inner.DefaultPartitions;

        public async Task<IReadOnlyList<LogPosition>> AppendAsync(string topic, IReadOnlyList<LogMessage> messages, CancellationToken cancellationToken = default)
        {
            var running = Interlocked.Increment(ref _running);
            lock (Appended)
                MostAppendsAtOnce = Math.Max(MostAppendsAtOnce, running);
            try
            {
                if (topic != Topics.DeadLetter && Interlocked.Increment(ref _recordAppends) == FailOnRecordAppend)
                    throw new EventLogException("The log is out of reach.");
                var positions = await inner.AppendAsync(topic, messages, cancellationToken);
                lock (Appended)
                    Appended.Add((topic, [.. messages.Select(m => m.Headers.GetValueOrDefault(CloudEventHeaders.SourceRecordId) ?? "")]));
                return positions;
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        public Task EnsureStandardTopicsAsync(CancellationToken cancellationToken = default) => inner.EnsureStandardTopicsAsync(cancellationToken);

        public Task EnsureTopicsAsync(IEnumerable<string> topics, int partitions, CancellationToken cancellationToken = default) =>
            inner.EnsureTopicsAsync(topics, partitions, cancellationToken);

        public Task<int?> GetPartitionCountAsync(string topic, CancellationToken cancellationToken = default) => inner.GetPartitionCountAsync(topic, cancellationToken);

        public IEventLogConsumer CreateConsumer(string groupId) => inner.CreateConsumer(groupId);

        public Task<PartitionWatermarks> GetWatermarksAsync(string topic, int partition, CancellationToken cancellationToken = default) =>
            inner.GetWatermarksAsync(topic, partition, cancellationToken);

        public Task<long> OffsetForTimeAsync(string topic, int partition, DateTimeOffset time, CancellationToken cancellationToken = default) =>
            inner.OffsetForTimeAsync(topic, partition, time, cancellationToken);

        public IAsyncEnumerable<ConsumedMessage> ReplayAsync(string topic, int partition, long fromOffset, CancellationToken cancellationToken = default) =>
            inner.ReplayAsync(topic, partition, fromOffset, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
