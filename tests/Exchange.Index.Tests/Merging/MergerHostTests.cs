using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Index.Merging;
using Exchange.Log;
using Exchange.Log.Embedded;
using Exchange.Postgres;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Exchange.Index.Tests.Merging;

/// <summary>The merger over a real embedded log: what it reads, what it refuses, and how far behind it is.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MergerHostTests(PostgresFixture postgres)
{
    private static readonly LinkageKeys Keys = new(SHA256.HashData("merger host tests"u8));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Lag_is_the_log_end_of_each_partition_less_what_the_index_has_merged()
    {
        var (database, log) = await OpenAsync();
        var merger = new Merger(database, _clock);
        var topic = Topics.For(RecordKind.Graduate);
        var positions = await log.AppendAsync(topic, [.. Enumerable.Range(0, 5).Select(i => CloudEventHeaders.ToMessage(Graduate($"G-{i}", 2 * i)))], TestTimeout.Token());
        var lag = new MergerLag(log, database);
        Assert.Equal(5, (await lag.ReadAsync(TestTimeout.Token())).Where(l => l.Topic == topic).Sum(l => l.Lag));

        var firstThree = new List<MergeInput>();
        await foreach (var message in ReadAllAsync(log, topic))
        {
            if (firstThree.Count < 3)
                firstThree.Add(new MergeInput(message.Position, CloudEventHeaders.ToEnvelope(message)!));
        }
        await merger.MergeAsync(firstThree, TestTimeout.Token());

        var after = await lag.ReadAsync(TestTimeout.Token());
        Assert.Equal(2, after.Sum(l => l.Lag));
        Assert.All(after.Where(l => l.Topic != topic), l => Assert.Equal(0, l.EndOffset));
        Assert.Equal(positions.GroupBy(p => p.Partition).Count(), after.Count(l => l.Topic == topic && l.EndOffset > 0));
    }

    [Fact]
    public async Task A_message_that_is_no_sealed_record_goes_to_the_dead_letter_topic_once_and_the_good_ones_of_its_batch_are_merged()
    {
        var (database, log) = await OpenAsync();
        using var meters = new TestMeters();
        var host = new MergerHost(log, new Merger(database, _clock), new MergerLag(log, database), new MergerMetrics(meters), _clock, NullLogger<MergerHost>.Instance);
        var topic = Topics.For(RecordKind.Graduate);
        var good = CloudEventHeaders.ToMessage(Graduate("G-1", 2));
        var garbage = new LogMessage(good.Key, good.Headers, Encoding.UTF8.GetBytes("{not json"));
        var otherKind = CloudEventHeaders.ToMessage(Graduate("G-2", 4)) is var m ? m with { Headers = new Dictionary<string, string>(m.Headers) { ["ce_type"] = CloudEventHeaders.TypeFor(RecordKind.Vacancy) } } : m;
        await log.AppendAsync(topic, [garbage, good, otherKind], TestTimeout.Token());
        var batch = new List<ConsumedMessage>();
        await foreach (var message in ReadAllAsync(log, topic))
            batch.Add(message);

        await host.MergeAsync(batch, TestTimeout.Token());
        // Redelivered after a crash before the log committed: nothing is dead-lettered twice.
        await host.MergeAsync(batch, TestTimeout.Token());

        var dead = new List<ConsumedMessage>();
        await foreach (var message in ReadAllAsync(log, Topics.DeadLetter))
            dead.Add(message);
        Assert.Equal(2, dead.Count);
        Assert.All(dead, d => Assert.Contains("merge.unreadable", d.Headers[DeadLetter.Reason], StringComparison.Ordinal));
        Assert.Equal(0, (await new MergerLag(log, database).ReadAsync(TestTimeout.Token())).Sum(l => l.Lag));
        Assert.Equal("G-1", Assert.Single(await new Exchange.Index.Queries.SubjectRecordReader(database).LatestBySubjectAsync(Keys.KeyFor(IndexTestData.ResidentIdFor(2))!, TestTimeout.Token())).SourceRecordId);
    }

    [Fact]
    public async Task A_record_the_index_cannot_store_goes_to_the_dead_letter_topic_instead_of_stopping_the_merger()
    {
        // Any writer to a record topic can put there what the hub never seals: text PostgreSQL's text
        // and jsonb refuse (U+0000, a lone surrogate) or a content hash the envelope table's check
        // refuses. Merged, each failed its whole batch on every retry and stood the merger still.
        var (database, log) = await OpenAsync();
        using var meters = new TestMeters();
        var host = new MergerHost(log, new Merger(database, _clock), new MergerLag(log, database), new MergerMetrics(meters), _clock, NullLogger<MergerHost>.Instance);
        var topic = Topics.For(RecordKind.Graduate);
        LogMessage WithName(string recordId, int sequence, string escaped)
        {
            var message = CloudEventHeaders.ToMessage(Graduate(recordId, sequence));
            var json = Encoding.UTF8.GetString(message.Value.Span).Replace("\"name\":\"", "\"name\":\"" + escaped, StringComparison.Ordinal);
            return message with { Value = Encoding.UTF8.GetBytes(json) };
        }
        LogMessage WithHeader(string recordId, int sequence, string header, string value)
        {
            var message = CloudEventHeaders.ToMessage(Graduate(recordId, sequence));
            return message with { Headers = new Dictionary<string, string>(message.Headers) { [header] = value } };
        }
        var good = CloudEventHeaders.ToMessage(Graduate("G-1", 2));
        await log.AppendAsync(topic, [
            WithName("G-2", 4, "\\u0000"),
            WithName("G-3", 6, "\\ud800"),
            good,
            WithHeader("G-4", 8, CloudEventHeaders.ContentHash, "not a hash"),
            WithHeader("G-5", 10, CloudEventHeaders.Id, good.Headers[CloudEventHeaders.Id]),
        ], TestTimeout.Token());

        await host.MergeAsync(await ReadAllAsync(log, topic).ToListAsync(), TestTimeout.Token());

        var dead = await ReadAllAsync(log, Topics.DeadLetter).ToListAsync();
        Assert.Equal(4, dead.Count);
        Assert.All(dead, d => Assert.Contains("merge.unstorable", d.Headers[DeadLetter.Reason], StringComparison.Ordinal));
        Assert.Equal(0, (await new MergerLag(log, database).ReadAsync(TestTimeout.Token())).Sum(l => l.Lag));
        Assert.Equal("G-1", Assert.Single(await new Exchange.Index.Queries.SubjectRecordReader(database).LatestBySubjectAsync(Keys.KeyFor(IndexTestData.ResidentIdFor(2))!, TestTimeout.Token())).SourceRecordId);
    }

    [Fact]
    public async Task A_record_on_a_topic_made_again_and_grown_past_the_mergers_position_was_skipped_as_merged()
    {
        var (database, log) = await OpenAsync();
        var logs = new CapturedLogs();
        using var meters = new TestMeters();
        var host = new MergerHost(log, new Merger(database, _clock), new MergerLag(log, database), new MergerMetrics(meters), _clock, logs.For<MergerHost>());
        var topic = Topics.For(RecordKind.Graduate);
        await log.AppendAsync(topic, [CloudEventHeaders.ToMessage(Graduate("G-1", 6))], TestTimeout.Token());
        await host.MergeAsync(await ReadAllAsync(log, topic).ToListAsync(), TestTimeout.Token());

        // The index says it merged one message more than the topic now holds, and a message the
        // topic does not hold: a topic made again under it. The next record lands at that position.
        await using (var connection = await database.OpenConnectionAsync(TestTimeout.Token()))
        {
            await connection.ExecuteAsync(
                "update merger_positions set next_offset = next_offset + 1, last_message = 'a message of the topic before' where topic = @Topic and next_offset > 0",
                new { Topic = topic });
        }
        var second = Assert.Single(await log.AppendAsync(topic, [CloudEventHeaders.ToMessage(Graduate("G-2", 6))], TestTimeout.Token()));
        await host.MergeAsync(await ReadAllAsync(log, topic).Where(m => m.Position == second).ToListAsync(), TestTimeout.Token());

        var records = await new Exchange.Index.Queries.SubjectRecordReader(database).LatestBySubjectAsync(Keys.KeyFor(IndexTestData.ResidentIdFor(6))!, TestTimeout.Token());
        Assert.Equal(["G-1", "G-2"], records.Select(r => r.SourceRecordId).Order(StringComparer.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("the topic was made again under the index", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_merger_standing_past_the_end_of_its_topic_merged_nothing_and_said_it_was_up_to_date()
    {
        var (database, log) = await OpenAsync();
        using var meters = new TestMeters();
        var metrics = new MergerMetrics(meters);
        var host = new MergerHost(log, new Merger(database, _clock), new MergerLag(log, database), metrics, _clock, NullLogger<MergerHost>.Instance);
        var topic = Topics.For(RecordKind.Graduate);
        var position = Assert.Single(await log.AppendAsync(topic, [CloudEventHeaders.ToMessage(Graduate("G-1", 8))], TestTimeout.Token()));
        // The index outlived a longer topic (deleted and made again, or a database restored without its log).
        await using (var connection = await database.OpenConnectionAsync(TestTimeout.Token()))
        {
            await connection.ExecuteAsync("insert into merger_positions (topic, partition, next_offset, updated_at) values (@Topic, @Partition, 1000, now())",
                new { Topic = topic, position.Partition });
        }

        var refused = await Assert.ThrowsAsync<MergerAheadOfLogException>(async () => await host.MergeAsync(await ReadAllAsync(log, topic).ToListAsync(), TestTimeout.Token()));

        Assert.Equal((topic, position.Partition, 1000L, 1L), (refused.Topic, refused.Partition, refused.Stored, refused.End));
        Assert.Empty(await new Exchange.Index.Queries.SubjectRecordReader(database).LatestBySubjectAsync(Keys.KeyFor(IndexTestData.ResidentIdFor(8))!, TestTimeout.Token()));
        var lag = Assert.Single(await new MergerLag(log, database).ReadAsync(TestTimeout.Token()), l => l.Topic == topic && l.Partition == position.Partition);
        Assert.True(lag.Ahead);
        Assert.Equal(999, lag.MergedOffset - lag.EndOffset);
        Assert.Contains(metrics.Lag, l => l.Topic == topic && l.Partition == position.Partition && l.Ahead);
    }

    private static async IAsyncEnumerable<ConsumedMessage> ReadAllAsync(IEventLog log, string topic)
    {
        var partitions = await log.GetPartitionCountAsync(topic, TestTimeout.Token()) ?? 0;
        for (var partition = 0; partition < partitions; partition++)
        {
            await foreach (var message in log.ReplayAsync(topic, partition, 0, TestTimeout.Token()))
                yield return message;
        }
    }

    private async Task<(NpgsqlDataSource Database, IEventLog Log)> OpenAsync()
    {
        var created = await postgres.CreateDatabaseAsync(TestTimeout.Token());
        var name = new NpgsqlConnectionStringBuilder(created.ConnectionString).Database!;
        var database = ExchangeDatabase.Create(postgres.Server.ConnectionStringFor(name), [EmbeddedEventLog.Part, IndexSchema.Part]);
        await EmbeddedEventLog.Part.MigrateAsync(database, NullLogger.Instance, TestTimeout.Token());
        await IndexSchema.Part.MigrateAsync(database, NullLogger.Instance, TestTimeout.Token());
        var log = new EmbeddedEventLog(database, new EmbeddedLogOptions(), NullLogger.Instance);
        await log.EnsureStandardTopicsAsync(TestTimeout.Token());
        return (database, log);
    }

    private Core.Envelope.RecordEnvelope Graduate(string recordId, int sequence)
    {
        var graduate = IndexTestData.Sample("graduate");
        graduate["recordId"] = recordId;
        graduate["residentId"] = IndexTestData.ResidentIdFor(sequence);
        return new Pseudonymiser(Keys, _clock).Seal(RecordJson.Deserialize(RecordKind.Graduate, JsonSerializer.SerializeToUtf8Bytes(graduate)), RecordKind.Graduate, "12100000400000624D");
    }

}
