using System.Diagnostics;
using System.Globalization;
using Exchange.Index;
using Exchange.Log;
using Exchange.Log.Embedded;
using Exchange.Postgres;
using Exchange.Postgres.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Benchmarks.Merge;

/// <summary>
/// <c>merge --records N</c>: N sealed records appended to the embedded log, then merged into the
/// index by the merger as the hub runs it, against the ceiling of Npgsql binary COPY of the same
/// final rows into identical tables; with the process's peak memory and a profile of the merger's
/// batch path. Exits non-zero on any error; a missed target is reported, not an error.
/// </summary>
internal static class MergeBenchmark
{
    private const int AppendChunk = 50_000;
    private const int AppendBatch = 5_000;

    public static Task<int> RunAsync(string[] args) =>
        BenchmarkRun.RunAsync("merge", args, MergeArguments.Parse, MeasureAsync);

    private static async Task<MergeReport> MeasureAsync(MergeArguments arguments, BenchmarkScratch scratch, CancellationToken cancellationToken)
    {
        var server = await scratch.StartPostgresAsync(cancellationToken);
        var report = new MergeReport(arguments, MergeRecords.Mix(arguments.Records, arguments.Keyless));
        Step("Embedded PostgreSQL started; creating the hub's, the profile's and the ceiling's databases");
        foreach (var name in new[] { "merge_hub", "merge_profile", "merge_ceiling_1", "merge_ceiling_2" })
            await CreateDatabaseAsync(server, name, cancellationToken);
        // As in the hub: the log and the index in one database, one data source whose search path holds both.
        await using var hub = ExchangeDatabase.Create(server.ConnectionStringFor("merge_hub"), [IndexSchema.Part, EmbeddedEventLog.Part]);
        await using var profile = ExchangeDatabase.Create(server.ConnectionStringFor("merge_profile"), [IndexSchema.Part]);
        await using var ceiling1 = ExchangeDatabase.Create(server.ConnectionStringFor("merge_ceiling_1"), [IndexSchema.Part]);
        await using var ceiling2 = ExchangeDatabase.Create(server.ConnectionStringFor("merge_ceiling_2"), [IndexSchema.Part]);
        await IndexSchema.Part.MigrateAsync(hub, NullLogger.Instance, cancellationToken);
        await EmbeddedEventLog.Part.MigrateAsync(hub, NullLogger.Instance, cancellationToken);
        await IndexSchema.Part.MigrateAsync(profile, NullLogger.Instance, cancellationToken);
        await IndexSchema.Part.MigrateAsync(ceiling1, NullLogger.Instance, cancellationToken);
        await IndexSchema.Part.MigrateAsync(ceiling2, NullLogger.Instance, cancellationToken);
        await using var log = new EmbeddedEventLog(hub, new EmbeddedLogOptions(), NullLogger.Instance);
        await log.EnsureStandardTopicsAsync(cancellationToken);

        Step($"Sealing {arguments.Records:N0} records and appending them to the embedded log");
        PeakMemory.Reset();
        var clock = Stopwatch.StartNew();
        var last = new Dictionary<(string, int), LogPosition>();
        for (var start = 0; start < arguments.Records; start += AppendChunk)
        {
            var messages = MergeRecords.Create(start, Math.Min(AppendChunk, arguments.Records - start), arguments.Keyless);
            foreach (var topic in messages.GroupBy(m => m.Topic, StringComparer.Ordinal))
            {
                foreach (var batch in topic.Select(m => m.Message).Chunk(AppendBatch))
                {
                    foreach (var position in await log.AppendAsync(topic.Key, batch, cancellationToken))
                        last[(position.Topic, position.Partition)] = position;
                }
            }
        }
        report.Append = new PhaseResult(clock.Elapsed, 0, 0, PeakMemory.Megabytes);
        Step(string.Create(CultureInfo.InvariantCulture, $"    {clock.Elapsed.TotalSeconds:N1} s"));

        Step("(a) The merger (MergerHost) until it has merged the last message of every partition");
        await CheckpointAsync(server, cancellationToken);
        report.Merge = await MergerRun.RunAsync(server, hub, log, [.. last.Values], cancellationToken);
        Step(string.Create(CultureInfo.InvariantCulture, $"    {arguments.Records / report.Merge.Elapsed.TotalSeconds:N0} records/s"));

        Step("Reading the merged index back");
        var rows = await IndexRows.ReadAsync(hub, cancellationToken);
        report.Rows = rows.Counts;
        report.Check(rows);

        // Twice, each into a fresh database, and the faster counts: a ceiling is the best COPY can do,
        // and on a shared machine one run may be slowed by work that is not its own.
        foreach (var (ceiling, run) in new[] { (ceiling1, 1), (ceiling2, 2) })
        {
            Step($"(b) Ceiling, run {run} of 2: binary COPY of the same rows into a fresh index database");
            await CheckpointAsync(server, cancellationToken);
            var copy = await CopyCeiling.RunAsync(server, ceiling, rows, cancellationToken);
            report.CopyRuns.Add(copy);
            Step(string.Create(CultureInfo.InvariantCulture, $"    {arguments.Records / copy.Elapsed.TotalSeconds:N0} records/s"));
            await CheckCopyAsync(ceiling, rows, cancellationToken);
        }
        rows = null;
        GC.Collect();

        Step($"Profile: the merger's batch path on {arguments.ProfileRecords:N0} records, into a database of its own");
        await CheckpointAsync(server, cancellationToken);
        PeakMemory.Reset();
        report.Profile = await MergeProfile.RunAsync(log, profile, arguments.ProfileRecords, cancellationToken);
        report.ProfilePeakMb = PeakMemory.Megabytes;

        Step("(c) The resolution model changes: the merger reads every graduate in force again under the new one");
        await CheckpointAsync(server, cancellationToken);
        report.ModelChange = await ModelChange.RunAsync(log, hub, cancellationToken);
        Step(string.Create(CultureInfo.InvariantCulture, $"    {report.ModelChange.Graduates:N0} graduates in {report.ModelChange.Elapsed.TotalSeconds:N1} s"));
        return report;
    }

    private static async Task CheckCopyAsync(NpgsqlDataSource ceiling, IndexRows rows, CancellationToken cancellationToken)
    {
        foreach (var (table, count) in rows.Counts)
        {
            // Table names from IndexRows, never input.
            await using var command = ceiling.CreateCommand($"select count(*) from {table}");
            var copied = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            if (copied != count)
                throw new InvalidOperationException($"The ceiling's {table} holds {copied} rows, not {count}.");
        }
    }

    // Each timed phase starts from a clean checkpoint, so that none pays for the writes of the one before.
    private static async Task CheckpointAsync(EmbeddedPostgres server, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor("postgres"));
        await using var command = dataSource.CreateCommand("checkpoint");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task CreateDatabaseAsync(EmbeddedPostgres server, string name, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor("postgres"));
        // A fixed identifier from the list above, never input: CREATE DATABASE takes no parameters.
        await using var command = dataSource.CreateCommand($"create database {name}");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static readonly Stopwatch s_clock = Stopwatch.StartNew();

    private static void Step(string what) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{s_clock.Elapsed:hh\\:mm\\:ss}] {what}"));
}
