using System.Diagnostics;
using Exchange.Access.Tokens;
using Exchange.Postgres.Embedded;
using Exchange.Log;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Benchmarks.Ingest;

/// <summary>
/// <c>ingest --records N</c>: N synthetic graduate records pushed as NDJSON through a hub process on
/// the embedded log and on Kafka (librdkafka's mock cluster, in a process apart from the hub's), each against its ceiling — psql
/// <c>\copy</c> into the same PostgreSQL, and a bare producer to the same brokers — with the hub's
/// peak memory. Exits non-zero on any error; a missed target is reported, not an error.
/// </summary>
internal static class IngestBenchmark
{
    public static Task<int> RunAsync(string[] args) =>
        BenchmarkRun.RunAsync("ingest", args, IngestArguments.Parse, MeasureAsync);

    private static async Task<IngestReport> MeasureAsync(IngestArguments arguments, BenchmarkScratch scratch, CancellationToken cancellationToken)
    {
        var report = new IngestReport(arguments);
        var folder = scratch.Folder;
        Step($"Generating {arguments.Records:N0} graduate records");
        var records = SyntheticGraduates.Create(arguments.Records);
        var batches = SyntheticGraduates.Batches(records, arguments.BatchSize);
        var ndjson = Path.Combine(folder, "records.ndjson");
        await SyntheticGraduates.WriteNdjsonAsync(ndjson, batches, cancellationToken);
        report.Bytes = batches.Sum(b => (long)b.Body.Length);
        // Other records than the measured ones, so that none of those is a duplicate of a warm-up record.
        var warmUpFirst = (arguments.Records + SyntheticGraduates.ChunkSize - 1) / SyntheticGraduates.ChunkSize * SyntheticGraduates.ChunkSize;
        var warmUp = arguments.WarmUpRecords == 0 ? []
            : SyntheticGraduates.Batches(SyntheticGraduates.CreateRange(warmUpFirst, arguments.WarmUpRecords), arguments.BatchSize);

        Step("Starting the embedded PostgreSQL");
        var server = await scratch.StartPostgresAsync(cancellationToken);
        foreach (var database in new[] { "hub_embedded", "hub_kafka", "copy_ceiling", "hint_embedded", "hint_kafka" })
            await CreateDatabaseAsync(server, database, cancellationToken);
        using var issuer = await DevelopmentTokenIssuer.OpenAsync(Path.Combine(folder, "keys"), cancellationToken);

        Step($"Stage hints on {arguments.HintRecords:N0} records, in this process");
        var sample = records[..arguments.HintRecords];
        report.Hints.AddRange(await StageHints.CpuStagesAsync(sample, cancellationToken));
        report.Hints.Add(await StageHints.PipelineAsync(server, "hint_embedded", kafka: false, sample, arguments.BatchSize, arguments.Senders, cancellationToken));
        report.Hints.Add(await StageHints.PipelineAsync(server, "hint_kafka", kafka: true, sample, arguments.BatchSize, arguments.Senders, cancellationToken));

        Step("(a) Hub process on the embedded log");
        report.Embedded = await HubRun.RunAsync(server, "hub_embedded", folder, issuer, brokers: null, arguments.Merging, warmUp, batches, arguments.Senders, cancellationToken);
        Step(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"    {report.Embedded.RecordsPerSecond:N0} records/s"));

        Step(@"Ceiling: psql \copy into the same PostgreSQL");
        report.Copy = await CopyCeiling.RunAsync(server, "copy_ceiling", ndjson, arguments.Records, cancellationToken);

        Step("(b) Hub process on Kafka (librdkafka's mock cluster, in a process of its own)");
        await using (var brokers = await BrokerProcess.StartAsync(brokers: 3, partitions: 6, cancellationToken))
        {
            report.Kafka = await HubRun.RunAsync(server, "hub_kafka", folder, issuer, brokers, arguments.Merging, warmUp, batches, arguments.Senders, cancellationToken);
            Step(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"    {report.Kafka.RecordsPerSecond:N0} records/s"));
            Step($"Ceiling: bare producer to the same brokers ({brokers.BootstrapServers}), the hub stopped");
            report.Producer = ProducerCeiling.Run(brokers.BootstrapServers, Topics.For(Exchange.Core.Model.RecordKind.Graduate), records);
        }
        return report;
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
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{s_clock.Elapsed:hh\\:mm\\:ss}] {what}"));
}
