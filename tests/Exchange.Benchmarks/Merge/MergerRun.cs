using System.Diagnostics;
using System.Diagnostics.Metrics;
using Exchange.Benchmarks.Ingest;
using Exchange.Index.Merging;
using Exchange.Log;
using Exchange.Postgres.Embedded;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Exchange.Benchmarks.Merge;

/// <summary>The wall time, CPU and peak memory of one timed phase.</summary>
internal sealed record PhaseResult(TimeSpan Elapsed, double ProcessCpuSeconds, double PostgresCpuSeconds, double PeakMb);

/// <summary>
/// The merger as the hub runs it: a <see cref="MergerHost"/> over the record topics of the embedded
/// log, writing the index in the same database, timed from its start until it has merged the last
/// message of every partition.
/// </summary>
internal static class MergerRun
{
    private static readonly TimeSpan s_stall = TimeSpan.FromMinutes(2);

    public static async Task<PhaseResult> RunAsync(
        EmbeddedPostgres server, NpgsqlDataSource database, IEventLog log, IReadOnlyCollection<LogPosition> last, CancellationToken cancellationToken)
    {
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        using var meters = new Meters();
        using var metrics = new MergerMetrics(meters);
        // As the hub runs by default: graduates resolved with the shipped model.
        var merger = new Merger(database, TimeProvider.System, new ResolutionOptions().LoadModel());
        using var host = new MergerHost(log, merger, new MergerLag(log, database), metrics, TimeProvider.System, loggers.CreateLogger<MergerHost>());

        PeakMemory.Reset();
        var cpu = ProcFs.CpuSeconds(Environment.ProcessId);
        var postgresCpu = ProcFs.CpuSecondsWithChildren(server.ProcessId);
        var clock = Stopwatch.StartNew();
        await host.StartAsync(cancellationToken);
        var lastProgress = Stopwatch.StartNew();
        var sinceCheck = Stopwatch.StartNew();
        long merged = 0;
        while (!await merger.HasMergedAsync(last, cancellationToken))
        {
            if (host.ExecuteTask is { IsCompleted: true } stopped)
                throw new InvalidOperationException("The merger stopped before reaching the end of the log.", stopped.Exception);
            if (sinceCheck.Elapsed >= TimeSpan.FromSeconds(5))
            {
                sinceCheck.Restart();
                var now = await MergedAsync(database, cancellationToken);
                if (now > merged)
                {
                    merged = now;
                    lastProgress.Restart();
                }
                else if (lastProgress.Elapsed > s_stall)
                {
                    throw new TimeoutException($"The merger advanced no position for {s_stall.TotalMinutes} minutes.");
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
        var elapsed = clock.Elapsed;
        var result = new PhaseResult(elapsed, ProcFs.CpuSeconds(Environment.ProcessId) - cpu,
            ProcFs.CpuSecondsWithChildren(server.ProcessId) - postgresCpu, PeakMemory.Megabytes);
        await host.StopAsync(cancellationToken);

        var lag = (await new MergerLag(log, database).ReadAsync(cancellationToken)).Sum(l => l.Lag);
        if (lag != 0)
            throw new InvalidOperationException($"The merger reports a lag of {lag} after merging the last message of every partition.");
        return result;
    }

    private static async Task<long> MergedAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("select coalesce(sum(next_offset), 0)::bigint from merger_positions");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private sealed class Meters : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
