using System.Diagnostics;
using System.Globalization;
using Dapper;
using Exchange.Index.Merging;
using Exchange.Log;
using Exchange.Log.Embedded;
using Exchange.Postgres;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit.Abstractions;

namespace Exchange.Index.Tests.Merging;

/// <summary>
/// The merger killed with SIGKILL at random points of a merge, in a process of its own, and started
/// again each time: the index it ends with is the one a merger never killed builds.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MergerKillTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Kills = 20;
    // Enough that a kill aimed just after a commit cannot arrive after the merger, writing a batch
    // in one round trip, has already caught up: 140 people were merged out within the 1.7 s a busy
    // machine took to notice the commit.
    private const int People = 600;

    // Batches of at most this many messages, not the merger's 500: more commits for a kill to fall near.
    private const int Batch = 20;

    // The merge transaction holds this lock on merger_positions from its first statement to its
    // commit; nothing else writes that table.
    private const string MergingSql = """
        select exists (select 1 from pg_locks
                       where relation = 'public.merger_positions'::regclass and mode = 'RowExclusiveLock' and pid <> pg_backend_pid())
        """;

    // A sequence moves outside transactions: it shows the work of one that has not committed yet.
    private const string ChangeEventsSql = "select coalesce(pg_sequence_last_value(pg_get_serial_sequence('public.index_changes', 'sequence')), 0)";

    private const string MergedSql = "select coalesce(sum(next_offset), 0) from merger_positions";

    [Fact]
    public async Task Killing_the_merger_20_times_mid_merge_loses_and_doubles_nothing()
    {
        var random = new Random(20260701);
        var (database, log, connectionString) = await OpenAsync();
        await using var _ = database;
        await using var relay = new MergerRelay(connectionString, Batch);
        var appended = await LogTraffic.AppendAsync(log, People, random);
        var lag = new MergerLag(log, database);
        var end = (await lag.ReadAsync(TestTimeout.Token())).Sum(l => l.EndOffset);
        output.WriteLine($"{appended.Count} messages, {appended.Count(a => a.Envelope is null)} of them poison");
        // Built meanwhile, in-process and never killed, from the same messages.
        var reference = MergedWithoutKillsAsync(appended);

        // One connection watches the merger, so that polling costs the busy machine little.
        await using var probe = await database.OpenConnectionAsync(TestTimeout.Token());
        var clock = Stopwatch.StartNew();
        var rounds = new List<(int ExitCode, long Behind, bool InTransaction)>();
        for (var kill = 0; kill < Kills; kill++)
        {
            // A seeded point of the merge, counted in work rather than time so that it means the same
            // on a fast machine and a busy one: after a number of change events written (inside a
            // transaction, mostly), or just after the first commit of the round (between the index's
            // commit and the log's, or while the next batch is read and dead-lettered).
            var events = await ScalarAsync<long>(probe, ChangeEventsSql, TestTimeout.Token());
            var merged = await ScalarAsync<long>(probe, MergedSql, TestTimeout.Token());
            var afterCommit = random.Next(4) == 0;
            var target = events + random.Next(1, 2 * Batch);
            var started = clock.Elapsed;
            await using var merger = await relay.GoAsync();
            if (afterCommit)
                await WaitUntilAsync(async ct => await ScalarAsync<long>(probe, MergedSql, ct) > merged, merger);
            else
                await WaitUntilAsync(async ct => await ScalarAsync<long>(probe, ChangeEventsSql, ct) >= target, merger);

            var inTransaction = await ScalarAsync<bool>(probe, MergingSql, TestTimeout.Token());
            var exitCode = await merger.KillAsync(TestTimeout.Token());
            var behind = end - await ScalarAsync<long>(probe, MergedSql, TestTimeout.Token());
            rounds.Add((exitCode, behind, inTransaction));
            output.WriteLine($"kill {kill + 1,2} at {clock.Elapsed.TotalSeconds,5:F1}s ({(clock.Elapsed - started).TotalSeconds:F1}s after going), "
                + $"{(afterCommit ? "after a commit" : $"after {target - events,2} change events")}: "
                + $"{(inTransaction ? "transaction open" : "between transactions")}, exit code {exitCode}, {behind} message(s) behind");
        }

        await using (var last = await relay.GoAsync(last: true))
        {
            await WaitUntilAsync(async ct => await ScalarAsync<long>(probe, MergedSql, ct) == end, last);
            Assert.Equal(0, await last.StopAsync(TestTimeout.Token()));
        }
        output.WriteLine($"caught up at {clock.Elapsed.TotalSeconds:F1}s");
        Assert.Equal(0, (await lag.ReadAsync(TestTimeout.Token())).Sum(l => l.Lag));

        Assert.All(rounds, r => Assert.Equal(MergerProcess.KilledBySigkill, r.ExitCode));
        Assert.All(rounds, r => Assert.True(r.Behind > 0, "A kill landed after the merger had caught up: append more records."));
        // Where a kill lands is seeded, yet read from outside with some delay: a few that aim inside a
        // transaction land just after its commit, more so on a busy machine.
        Assert.True(rounds.Count(r => r.InTransaction) >= Kills / 4, "Too few kills landed inside a merge transaction.");

        var unkilled = await reference;
        Assert.Equal(await MergerTests.CanonicalDumpAsync(unkilled), await MergerTests.CanonicalDumpAsync(database));
        Assert.Equal(await StoredAsync(unkilled), await StoredAsync(database));
        var versions = appended.Select(a => a.Envelope).OfType<Core.Envelope.RecordEnvelope>().DistinctBy(e => (e.SourceOrganisation, e.SourceRecordId, e.ContentHash)).Count();
        var keys = appended.Select(a => a.Envelope?.SubjectKey).OfType<string>().Distinct(StringComparer.Ordinal).Count();
        Assert.Equal((versions, versions, versions, keys, keys), await CountsAsync(database));

        // Dead letters go out before the transaction that steps past them, so a kill inside it sends
        // them again: each poison message is there at least once, its copies known by their origin.
        var poison = appended.Where(a => a.Envelope is null).Select(a => a.Position).ToList();
        var dead = await DeadLettersAsync(log);
        output.WriteLine($"{dead.Count} dead letters for {poison.Count} poison messages; {rounds.Count(r => r.InTransaction)} kills inside a merge transaction");
        Assert.Equal(Ordered(poison), Ordered(dead.Distinct()));
    }

    private static List<LogPosition> Ordered(IEnumerable<LogPosition> positions) => [.. positions.OrderBy(p => (p.Topic, p.Partition, p.Offset))];

    private static async Task WaitUntilAsync(Func<CancellationToken, Task<bool>> condition, MergerProcess merger)
    {
        var cancellationToken = TestTimeout.Token();
        while (!await condition(cancellationToken))
        {
            Assert.False(merger.HasExited, $"The merger exited by itself:{Environment.NewLine}{merger.OutputTail}");
            await Task.Delay(10, cancellationToken);
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken) =>
        (await connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, cancellationToken: cancellationToken)))!;

    /// <summary>The same messages merged in-process, batch after batch, with nothing killed.</summary>
    private async Task<NpgsqlDataSource> MergedWithoutKillsAsync(IReadOnlyList<MergeInput> appended)
    {
        var database = await postgres.CreateDatabaseAsync(TestTimeout.Token());
        await IndexSchema.Part.MigrateAsync(database, NullLogger.Instance, TestTimeout.Token());
        var merger = new Merger(database, TimeProvider.System);
        foreach (var batch in appended.Chunk(500))
            await merger.MergeAsync(batch, TestTimeout.Token());
        return database;
    }

    /// <summary>Every stored version with where the log holds it, and every change event but the subject's id, as one text.</summary>
    private static async Task<string> StoredAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var envelopes = await connection.QueryAsync<string>(new CommandDefinition(
            "select id || ' ' || log_topic || '/' || log_partition || '/' || log_offset from record_envelope order by 1", cancellationToken: TestTimeout.Token()));
        var changes = await connection.QueryAsync<string>(new CommandDefinition(
            "select kind || ' ' || coalesce(envelope_id::text, '-') from index_changes order by 1", cancellationToken: TestTimeout.Token()));
        return string.Join('\n', envelopes) + "\n--\n" + string.Join('\n', changes);
    }

    private static async Task<(long Envelopes, long Links, long Linked, long Subjects, long Created)> CountsAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        return await connection.QuerySingleAsync<(long, long, long, long, long)>(new CommandDefinition("""
            select (select count(*) from record_envelope), (select count(*) from links),
                   (select count(*) from index_changes where kind = 'record.linked'),
                   (select count(*) from subjects), (select count(*) from index_changes where kind = 'subject.created')
            """, cancellationToken: TestTimeout.Token()));
    }

    private static async Task<List<LogPosition>> DeadLettersAsync(IEventLog log)
    {
        var origins = new List<LogPosition>();
        var partitions = await log.GetPartitionCountAsync(Topics.DeadLetter, TestTimeout.Token()) ?? 0;
        for (var partition = 0; partition < partitions; partition++)
        {
            await foreach (var message in log.ReplayAsync(Topics.DeadLetter, partition, 0, TestTimeout.Token()))
            {
                origins.Add(new LogPosition(
                    message.Headers[DeadLetter.OriginalTopic],
                    int.Parse(message.Headers[DeadLetter.OriginalPartition], CultureInfo.InvariantCulture),
                    long.Parse(message.Headers[DeadLetter.OriginalOffset], CultureInfo.InvariantCulture)));
            }
        }
        return origins;
    }

    private async Task<(NpgsqlDataSource Database, IEventLog Log, string ConnectionString)> OpenAsync()
    {
        var created = await postgres.CreateDatabaseAsync(TestTimeout.Token());
        var connectionString = postgres.Server.ConnectionStringFor(new NpgsqlConnectionStringBuilder(created.ConnectionString).Database!);
        var database = ExchangeDatabase.Create(connectionString, [EmbeddedEventLog.Part, IndexSchema.Part]);
        await EmbeddedEventLog.Part.MigrateAsync(database, NullLogger.Instance, TestTimeout.Token());
        await IndexSchema.Part.MigrateAsync(database, NullLogger.Instance, TestTimeout.Token());
        var log = new EmbeddedEventLog(database, new EmbeddedLogOptions(), NullLogger.Instance);
        await log.EnsureStandardTopicsAsync(TestTimeout.Token());
        return (database, log, connectionString);
    }
}
