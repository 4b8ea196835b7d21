using System.Diagnostics;
using System.Globalization;
using Exchange.Access.Agreements;
using Exchange.Access.Audit;
using Exchange.Access.Clients;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Exchange.Core.Codes;
using Exchange.Index;
using Exchange.Postgres;
using Exchange.Reporting;
using Exchange.Reporting.Statistics;
using Exchange.Testing;
using Exchange.Testing.Reports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Exchange.Benchmarks.Reports;

/// <summary>
/// <c>reports --graduates N</c>: N generated graduates of one cohort with their certifications,
/// services, placements and feedback written into the index, then every report computed through
/// the report service (release decision, queries, disclosure control, layout) against a
/// hand-written GROUP BY of the same figure. Targets: each report under 2 s and within 2× the
/// plain query. A missed target is reported, not an error.
/// </summary>
internal static class ReportBenchmark
{
    private const string Bureau = "11410000MB0123456B";

    public static Task<int> RunAsync(string[] args) =>
        BenchmarkRun.RunAsync("reports", args, ReportArguments.Parse, MeasureAsync);

    private static async Task<ReportFigures> MeasureAsync(ReportArguments arguments, BenchmarkScratch scratch, CancellationToken cancellationToken)
    {
        var server = await scratch.StartPostgresAsync("reports", cancellationToken);
        await using var database = ExchangeDatabase.Create(server.ConnectionStringFor("reports"), [IndexSchema.Part, ReportingSchema.Part]);
        await IndexSchema.Part.MigrateAsync(database, NullLogger.Instance, cancellationToken);
        await ReportingSchema.Part.MigrateAsync(database, NullLogger.Instance, cancellationToken);

        Console.WriteLine($"Loading {arguments.Graduates:N0} graduates with their records");
        var clock = Stopwatch.StartNew();
        var population = new IndexPopulation();
        await population.LoadAsync(database, arguments.Graduates, 2026, cancellationToken);
        var figures = new ReportFigures(arguments, clock.Elapsed, await CountRecordsAsync(database, cancellationToken));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {clock.Elapsed.TotalSeconds:N0} s"));
        // The load writes every record in one statement, so the facts' triggers rewrite each graduate's
        // row several times over; a live index is vacuumed as it goes. Reports are measured on the
        // index as autovacuum would leave it, not on the dead rows of one bulk statement.
        await using (var vacuum = database.CreateCommand("vacuum analyze report_cohort_member, report_service, report_placement, report_certification, report_feedback"))
        {
            vacuum.CommandTimeout = 0;
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }

        var agreement = new DataSharingAgreement(Guid.NewGuid(), 1,
            new AgreementTerms(null, Grantee.OfOrganisation(Bureau), Enum.GetValues<DataCategory>().ToHashSet(), new HashSet<Purpose> { Purpose.Statistics },
                new DateOnly(2026, 1, 1), new DateOnly(2028, 12, 31), "Employment Promotion Law", LegalBasisType: LegalBasisType.StatutoryDuty),
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "steward", AgreementStatus.Active);
        var handles = new SubjectHandles([.. Enumerable.Range(1, 32).Select(i => (byte)i)]);
        var snapshot = PolicySnapshot.Create([agreement], []);
        var release = new ReleaseService(new PolicySnapshotCache(_ => Task.FromResult(snapshot), handles), new DiscardingAuditLog(), handles, new MemoryHandleDirectory(), new ReleaseTelemetry(new TestMeters()));
        var service = new ReportService(database, release, Options.Create(new ReportOptions()), TimeProvider.System);
        var caller = new ClientIdentity("bureau", Bureau, PartyRole.Bureau, new HashSet<string> { "reports:read" });
        var parameters = new ReportParameters(2026, arguments.Region, PlacementFormula.Moe2024, new DateOnly(2027, 9, 1));

        foreach (var (name, _) in ReportService.Catalogue)
        {
            Console.WriteLine($"Report {name}");
            var reportTimes = new List<TimeSpan>();
            var plainTimes = new List<TimeSpan>();
            var suppressed = 0;
            for (var round = 0; round < arguments.Rounds; round++)
            {
                clock.Restart();
                var document = await service.RunAsync(name, parameters, caller, Purpose.Statistics, "benchmark", cancellationToken);
                reportTimes.Add(clock.Elapsed);
                suppressed = document.Disclosure.SuppressedCells;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    round {round + 1}: report {reportTimes[^1].TotalMilliseconds:N0} ms"));
                clock.Restart();
                await using (var connection = await database.OpenConnectionAsync(cancellationToken))
                await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
                {
                    // The planner takes the JSON filter on the cohort for a few rows and nests loops
                    // over the aggregates (seventeen minutes for fairness at a million); a careful
                    // hand turns that plan off.
                    await using (var off = new NpgsqlCommand("set local enable_nestloop = off", connection, transaction))
                        await off.ExecuteNonQueryAsync(cancellationToken);
                    await using var plain = new NpgsqlCommand(PlainQueries.ByReport[name], connection, transaction) { CommandTimeout = 0 };
                    await using var reader = await plain.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                    }
                }
                plainTimes.Add(clock.Elapsed);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    round {round + 1}: plain GROUP BY {plainTimes[^1].TotalMilliseconds:N0} ms"));
            }
            figures.Add(new ReportTiming(name, Median(reportTimes), Median(plainTimes), suppressed));
        }
        return figures;
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    private static async Task<IReadOnlyDictionary<string, long>> CountRecordsAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using var command = database.CreateCommand("select kind, count(*) from current_records group by kind");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    private sealed class DiscardingAuditLog : IAuditLog
    {
        public Task<long> AppendAsync(AuditRecord record, CancellationToken cancellationToken) => Task.FromResult(0L);

        public Task<IReadOnlyList<long>> AppendManyAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<long>>([.. records.Select(_ => 0L)]);
    }
}

internal sealed record ReportTiming(string Report, TimeSpan Report50, TimeSpan Plain50, int Suppressed);

internal sealed class ReportFigures(ReportArguments arguments, TimeSpan load, IReadOnlyDictionary<string, long> records) : IBenchmarkReport
{
    private readonly List<ReportTiming> _timings = [];

    public void Add(ReportTiming timing) => _timings.Add(timing);

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Reports over {arguments.Graduates:N0} graduates (region {arguments.Region ?? "all"}), median of {arguments.Rounds} rounds; loaded in {load.TotalSeconds:N0} s"));
        output.WriteLine("Records in force: " + string.Join(", ", records.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value:N0}"))));
        output.WriteLine();
        output.WriteLine("| report | report (ms) | plain GROUP BY (ms) | ratio | cells hidden | under 2 s | within 2x |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var t in _timings)
        {
            var ratio = t.Report50.TotalMilliseconds / t.Plain50.TotalMilliseconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {t.Report} | {t.Report50.TotalMilliseconds:N0} | {t.Plain50.TotalMilliseconds:N0} | {ratio:N2} | {t.Suppressed:N0} | {(t.Report50 < TimeSpan.FromSeconds(2) ? "yes" : "MISSED")} | {(ratio <= 2 ? "yes" : "MISSED")} |"));
        }
    }
}
