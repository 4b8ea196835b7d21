using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Exchange.Core.Envelope;
using Exchange.Core.Model;

namespace Exchange.Log.Tests;

/// <summary>
/// The event-log contract: every implementation runs these same tests. Each test uses its own
/// topics and consumer groups, so tests never depend on each other.
/// </summary>
public abstract class EventLogContractTests : IAsyncLifetime
{
    protected const int ConfiguredPartitions = 3;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private IEventLog? _log;

    protected IEventLog Log => _log ?? throw new InvalidOperationException("The log has not been created.");

    /// <summary>A log whose standard topics get <paramref name="partitions"/> partitions.</summary>
    protected abstract Task<IEventLog> CreateLogAsync(int partitions);

    public async Task InitializeAsync() => _log = await CreateLogAsync(ConfiguredPartitions);

    public async Task DisposeAsync()
    {
        if (_log is not null)
        {
            await _log.DisposeAsync();
        }
    }

    [Fact]
    public async Task Append_and_consume_round_trip_keeps_key_headers_value_and_position()
    {
        var topic = await NewTopicAsync();
        var envelope = SampleEnvelope("subject-0001");
        IReadOnlyList<LogPosition> positions;
        using (var activity = new Activity("ingest").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            activity.TraceStateString = "exchange=1";
            positions = await Log.AppendAsync(topic, [CloudEventHeaders.ToMessage(envelope)]);

            using var consumer = Subscribe(NewGroup(), topic);
            var consumed = Assert.Single(ConsumeUntil([consumer], 1));

            Assert.Equal(positions[0], consumed.Position);
            Assert.Equal("subject-0001", consumed.Key);
            Assert.Equal(envelope.Id.ToString(), consumed.Headers["ce_id"]);
            Assert.Equal("/organisations/91350100MA2Y0000X1", consumed.Headers["ce_source"]);
            Assert.Equal("org.graduate-exchange.graduate.v1", consumed.Headers["ce_type"]);
            Assert.Equal("subject-0001", consumed.Headers["ce_subject"]);
            Assert.Equal("2026-06-30T08:15:00.123Z", consumed.Headers["ce_time"]);
            Assert.Equal("1.0", consumed.Headers["ce_specversion"]);
            Assert.Equal("application/json", consumed.Headers["content-type"]);
            Assert.Equal(activity.Id, consumed.Headers["traceparent"]);
            Assert.Equal("exchange=1", consumed.Headers["tracestate"]);
            // The value is the record's JSON as the envelope holds it (for a sealed record, what its content hash was taken of), not written out again.
            Assert.Equal(envelope.Record.GetRawText(), Encoding.UTF8.GetString(consumed.Value.Span));

            var back = CloudEventHeaders.ToEnvelope(consumed)!;
            Assert.Equal(envelope.Identity, back.Identity);
            Assert.Equal(envelope.ReceivedAt, back.ReceivedAt);
            Assert.Equal(envelope.Kind, back.Kind);
            Assert.Equal(envelope.SubjectKey, back.SubjectKey);
        }
    }

    [Fact]
    public async Task Messages_with_one_key_stay_in_order_in_the_partition_murmur2_chooses()
    {
        var topic = await NewTopicAsync(4);
        var keys = Enumerable.Range(0, 6).Select(i => $"subject-{i}").ToArray();
        for (var batch = 0; batch < 5; batch++)
        {
            var messages = Enumerable.Range(0, 60).Select(i => Message(keys[i % keys.Length], $"{batch * 60 + i}")).ToList();
            await Log.AppendAsync(topic, messages);
        }

        using var consumer = Subscribe(NewGroup(), topic);
        var consumed = ConsumeUntil([consumer], 300);

        foreach (var group in consumed.GroupBy(m => m.Key!))
        {
            var sequence = group.Select(m => int.Parse(Encoding.UTF8.GetString(m.Value.Span), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(sequence.Order(), sequence);
            Assert.Equal(50, sequence.Count);
            Assert.Single(group.Select(m => m.Partition).Distinct());
            Assert.Equal(KeyPartitioner.PartitionFor(group.Key, 4), group.First().Partition);
        }
    }

    [Fact]
    public async Task A_consumer_that_consumed_but_did_not_commit_has_its_messages_redelivered_to_its_replacement()
    {
        var topic = await NewTopicAsync();
        await Log.AppendAsync(topic, Messages(20));
        var group = NewGroup();

        using (var first = Subscribe(group, topic))
        {
            Assert.Equal(20, ConsumeUntil([first], 20).Count);
        }

        using var replacement = Subscribe(group, topic);
        var redelivered = ConsumeUntil([replacement], 20);
        Assert.Equal(20, redelivered.Select(m => m.Position).Distinct().Count());
    }

    [Fact]
    public async Task A_restarted_consumer_resumes_after_its_last_commit()
    {
        var topic = await NewTopicAsync();
        await Log.AppendAsync(topic, Messages(20, "old"));
        var group = NewGroup();

        using (var first = Subscribe(group, topic))
        {
            first.Commit(ConsumeUntil([first], 20));
        }

        await Log.AppendAsync(topic, Messages(7, "new"));
        using var restarted = Subscribe(group, topic);
        var resumed = ConsumeUntil([restarted], 7);
        Assert.All(resumed, m => Assert.StartsWith("new", Encoding.UTF8.GetString(m.Value.Span), StringComparison.Ordinal));
        Assert.Empty(restarted.Consume(100, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Two_members_of_a_group_split_the_partitions_and_together_see_every_message_once()
    {
        var topic = await NewTopicAsync(4);
        var group = NewGroup();
        using var a = Subscribe(group, topic);
        using var b = Subscribe(group, topic);
        WaitForSplit(a, b, 4);

        await Log.AppendAsync(topic, Messages(200));
        var seen = new Dictionary<IEventLogConsumer, List<ConsumedMessage>> { [a] = [], [b] = [] };
        var clock = Stopwatch.StartNew();
        while (seen.Values.Sum(l => l.Count) < 200 && clock.Elapsed < Patience)
        {
            foreach (var consumer in new[] { a, b })
            {
                var batch = consumer.Consume(50, TimeSpan.FromMilliseconds(200));
                consumer.Commit(batch);
                seen[consumer].AddRange(batch);
            }
        }

        var all = seen.Values.SelectMany(l => l).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Select(m => m.Position).Distinct().Count());
        Assert.NotEmpty(seen[a]);
        Assert.NotEmpty(seen[b]);
        Assert.Empty(seen[a].Select(m => m.Partition).Intersect(seen[b].Select(m => m.Partition)));
    }

    [Fact]
    public async Task Replay_from_an_offset_reads_that_partition_to_its_end()
    {
        var topic = await NewTopicAsync(1);
        await Log.AppendAsync(topic, Messages(10));

        var replayed = await ToListAsync(Log.ReplayAsync(topic, 0, 4));
        Assert.Equal([4L, 5, 6, 7, 8, 9], replayed.Select(m => m.Offset));
        Assert.Empty(await ToListAsync(Log.ReplayAsync(topic, 0, 10)));
        Assert.Equal(new PartitionWatermarks(0, 10), await Log.GetWatermarksAsync(topic, 0));
    }

    [Fact]
    public async Task Replay_from_a_time_starts_at_the_first_message_appended_at_or_after_it()
    {
        var topic = await NewTopicAsync(1);
        await Log.AppendAsync(topic, Messages(5, "before"));
        await Task.Delay(200);
        var mark = DateTimeOffset.UtcNow;
        await Task.Delay(200);
        await Log.AppendAsync(topic, Messages(3, "after"));

        var replayed = await ToListAsync(Log.ReplayAsync(topic, 0, mark));
        Assert.Equal([5L, 6, 7], replayed.Select(m => m.Offset));
        Assert.All(replayed, m => Assert.True(m.Timestamp >= mark));
        Assert.Equal(8, await Log.OffsetForTimeAsync(topic, 0, DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public async Task A_dead_letter_keeps_the_failed_message_with_its_reason()
    {
        await Log.EnsureStandardTopicsAsync();
        var topic = await NewTopicAsync();
        var key = $"subject-{Guid.NewGuid():N}";
        await Log.AppendAsync(topic, [CloudEventHeaders.ToMessage(SampleEnvelope(key))]);
        using var consumer = Subscribe(NewGroup(), topic);
        var failed = Assert.Single(ConsumeUntil([consumer], 1));

        var positions = await Log.AppendAsync(Topics.DeadLetter, [DeadLetter.For(failed, """{"type":"urn:problem:merge-conflict"}""")]);

        Assert.Equal("exchange.deadletter.v1", Topics.DeadLetter);
        var dead = Assert.Single(await ToListAsync(Log.ReplayAsync(Topics.DeadLetter, positions[0].Partition, positions[0].Offset)));
        Assert.Equal(key, dead.Key);
        Assert.Equal("""{"type":"urn:problem:merge-conflict"}""", dead.Headers[DeadLetter.Reason]);
        Assert.Equal(topic, dead.Headers[DeadLetter.OriginalTopic]);
        Assert.Equal(failed.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture), dead.Headers[DeadLetter.OriginalOffset]);
        Assert.Equal(failed.Headers["ce_id"], dead.Headers["ce_id"]);
        Assert.True(failed.Value.Span.SequenceEqual(dead.Value.Span));
    }

    [Fact]
    public async Task Standard_topics_are_created_with_the_configured_partitions()
    {
        await Log.EnsureStandardTopicsAsync();
        await Log.EnsureStandardTopicsAsync(); // "already exists" is fine

        Assert.Equal(10, Topics.All.Count);
        Assert.Equal("exchange.graduate.v1", Topics.For(RecordKind.Graduate));
        foreach (var topic in Topics.All)
        {
            Assert.Equal(ConfiguredPartitions, await Log.GetPartitionCountAsync(topic));
        }

        var missing = $"test.missing.{Guid.NewGuid():N}";
        Assert.Null(await Log.GetPartitionCountAsync(missing));
        await Assert.ThrowsAsync<EventLogException>(() => Log.AppendAsync(missing, Messages(1)));
    }

    protected async Task<string> NewTopicAsync(int partitions = ConfiguredPartitions)
    {
        var topic = $"test.{Guid.NewGuid():N}";
        await Log.EnsureTopicsAsync([topic], partitions);
        Assert.Equal(partitions, await Log.GetPartitionCountAsync(topic));
        return topic;
    }

    protected static string NewGroup() => $"group-{Guid.NewGuid():N}";

    protected IEventLogConsumer Subscribe(string group, string topic)
    {
        var consumer = Log.CreateConsumer(group);
        consumer.Subscribe([topic]);
        return consumer;
    }

    /// <summary>Consumes from the consumers in turn until <paramref name="count"/> messages arrived; fails past the patience.</summary>
    protected static List<ConsumedMessage> ConsumeUntil(IReadOnlyList<IEventLogConsumer> consumers, int count)
    {
        var consumed = new List<ConsumedMessage>();
        var clock = Stopwatch.StartNew();
        while (consumed.Count < count)
        {
            Assert.True(clock.Elapsed < Patience, $"Only {consumed.Count} of {count} messages arrived in {Patience}.");
            foreach (var consumer in consumers)
            {
                consumed.AddRange(consumer.Consume(count, TimeSpan.FromMilliseconds(200)));
            }
        }

        return consumed;
    }

    /// <summary>Polls both members until they hold disjoint shares that cover every partition.</summary>
    protected static void WaitForSplit(IEventLogConsumer a, IEventLogConsumer b, int partitions)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.Empty(a.Consume(1, TimeSpan.FromMilliseconds(100)));
            Assert.Empty(b.Consume(1, TimeSpan.FromMilliseconds(100)));
            var held = a.Assignment.Concat(b.Assignment).ToList();
            if (a.Assignment.Count > 0 && b.Assignment.Count > 0 && held.Count == partitions && held.Distinct().Count() == partitions)
            {
                return;
            }

            Assert.True(clock.Elapsed < Patience, $"The members did not split the partitions in {Patience}.");
        }
    }

    protected static LogMessage Message(string? key, string value) =>
        new(key, new Dictionary<string, string> { ["content-type"] = "text/plain" }, Encoding.UTF8.GetBytes(value));

    protected static List<LogMessage> Messages(int count, string prefix = "m") =>
        [.. Enumerable.Range(0, count).Select(i => Message($"key-{i}", $"{prefix}-{i}"))];

    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static RecordEnvelope SampleEnvelope(string subjectKey) => new()
    {
        Id = Guid.NewGuid(),
        Kind = RecordKind.Graduate,
        SchemaVersion = RecordKinds.SchemaVersion,
        SourceOrganisation = "91350100MA2Y0000X1",
        SourceRecordId = "S-2026-0001",
        ContentHash = new string('a', 64),
        SubjectKey = subjectKey,
        ReceivedAt = new DateTimeOffset(2026, 6, 30, 8, 15, 0, 123, TimeSpan.Zero),
        Record = JsonDocument.Parse("""{"studentId":"S-2026-0001","major":"080901","name":"张晓雯"}""").RootElement.Clone(),
    };
}
