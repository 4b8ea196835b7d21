using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
