using System.Diagnostics;
using System.Security.Cryptography;
using Exchange.Adapters.Ingest;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Core.Validation;
using Exchange.Hub;
using Exchange.Postgres;
using Exchange.Postgres.Embedded;
using Exchange.Log;
using Exchange.Log.Embedded;
using Exchange.Log.Kafka;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Benchmarks.Ingest;

/// <summary>
/// Rates of the ingest stages measured in this process on a sample of the records, so that a
/// missed target can be attributed: validation alone, validation plus sealing, and the whole
/// ingest pipeline without HTTP on each event log.
/// </summary>
internal static class StageHints
{
    public sealed record Hint(string Stage, int Records, TimeSpan Elapsed, double CpuSeconds)
    {
        /// <summary>CPUs kept busy on average (this process, plus PostgreSQL for the pipeline).</summary>
        public double CpusBusy => CpuSeconds / Elapsed.TotalSeconds;

        public double RecordsPerSecond => Records / Elapsed.TotalSeconds;
    }

    /// <summary>Validation, and validation + pseudonymisation + CloudEvents message, on one thread.</summary>
    public static async Task<IReadOnlyList<Hint>> CpuStagesAsync(byte[][] sample, CancellationToken cancellationToken)
    {
        var validator = await RecordValidator.CreateShippedAsync(cancellationToken);
        var pseudonymiser = new Pseudonymiser(new LinkageKeys(RandomNumberGenerator.GetBytes(32)), TimeProvider.System);
        // Warm up the JIT and the schema caches before timing.
        foreach (var record in sample.Take(10_000))
            Seal(validator, pseudonymiser, record);

        var cpu = ProcFs.CpuSeconds(Environment.ProcessId);
        var clock = Stopwatch.StartNew();
        foreach (var record in sample)
        {
            if (!validator.Validate(RecordKind.Graduate, record).IsValid)
                throw new InvalidOperationException("A generated record failed validation in process.");
        }
        var validation = new Hint("validate (RecordValidator, 1 thread)", sample.Length, clock.Elapsed, ProcFs.CpuSeconds(Environment.ProcessId) - cpu);

        cpu = ProcFs.CpuSeconds(Environment.ProcessId);
        clock.Restart();
        foreach (var record in sample)
            Seal(validator, pseudonymiser, record);
        var sealing = new Hint("validate + seal + to message (1 thread)", sample.Length, clock.Elapsed, ProcFs.CpuSeconds(Environment.ProcessId) - cpu);
        return [validation, sealing];
    }

    /// <summary>What the pipeline does to every accepted record before its append: validate, seal, make its log message.</summary>
    internal static LogMessage Seal(RecordValidator validator, Pseudonymiser pseudonymiser, byte[] record)
    {
        var result = validator.Validate(RecordKind.Graduate, record);
        return CloudEventHeaders.ToMessage(pseudonymiser.Seal(result.Record!, RecordKind.Graduate, SyntheticGraduates.Organisation));
    }

    /// <summary>
    /// The ingest pipeline called directly (no HTTP, no body parsing, no ownership check) on a fresh
    /// database of the server, with <paramref name="senders"/> batches at a time, as the hub would.
    /// </summary>
    public static async Task<Hint> PipelineAsync(
        EmbeddedPostgres server, string database, bool kafka, byte[][] sample, int batchSize, int senders, CancellationToken cancellationToken)
    {
        await using var hubDatabase = await ExchangeDatabase.OpenAsync(
            server.ConnectionStringFor(database), new DatabaseOptions { MigrateOnStart = true }, HubParts.Schemas, NullLogger.Instance, cancellationToken);
        await using IEventLog log = kafka
            ? new KafkaEventLog(new KafkaLogOptions { Mock = 3 }, NullLogger.Instance)
            : new EmbeddedEventLog(hubDatabase.DataSource, new EmbeddedLogOptions(), NullLogger.Instance);
        await log.EnsureStandardTopicsAsync(cancellationToken);
        var pipeline = new IngestPipeline(
            await RecordValidator.CreateShippedAsync(cancellationToken),
            new Pseudonymiser(new LinkageKeys(RandomNumberGenerator.GetBytes(32)), TimeProvider.System),
            log, new DuplicateRegistry(hubDatabase.DataSource), NullLogger.Instance);

        var batches = sample.Chunk(batchSize)
            .Select(chunk => new IngestBatch(RecordKind.Graduate, SyntheticGraduates.Organisation,
                [.. chunk.Select((record, i) => new IngestRecord($"line {i + 1}", record))]))
            .ToList();
        var next = -1;
        var cpu = ProcFs.CpuSeconds(Environment.ProcessId) + ProcFs.CpuSecondsWithChildren(server.ProcessId);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < batches.Count)
            {
                var result = await pipeline.IngestAsync(batches[index], cancellationToken);
                if (result.Accepted != batches[index].Records.Count)
                    throw new InvalidOperationException($"The in-process pipeline accepted {result.Accepted} of {batches[index].Records.Count}.");
            }
        }, cancellationToken)));
        return new Hint($"ingest pipeline in process, {(kafka ? "Kafka mock (in process)" : "embedded log")}, no HTTP", sample.Length, clock.Elapsed,
            ProcFs.CpuSeconds(Environment.ProcessId) + ProcFs.CpuSecondsWithChildren(server.ProcessId) - cpu);
    }
}
