using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Enforcement;
using Exchange.Core.Codes;
using Exchange.Reporting.Reports;
using Microsoft.Extensions.Options;
using System.Data;
using System.Security.Cryptography;
using System.Text;
using Exchange.Reporting.Disclosure;
using Npgsql;

namespace Exchange.Reporting.Statistics;

/// <summary>A report read the release service refused: the caller may count no one for it.</summary>
public sealed class ReportDeniedException(string rule) : Exception($"The report may not be read: {rule}.")
{
    /// <summary>The audited rule, e.g. <c>agreement.none</c>.</summary>
    public string Rule { get; } = rule;
}

/// <summary>
/// Computes the evaluation system's reports for a caller: the release service decides whom the
/// caller may count and audits the basis, the report reads aggregates from the index, and
/// disclosure control protects every table before the document is built. Nothing in the document
/// names a subject.
/// </summary>
public sealed class ReportService(NpgsqlDataSource database, ReleaseService release, IOptions<ReportOptions> options, TimeProvider clock)
{
    private const string LatestCohortSql = "select max(cohort) from report_graduate where subject_id is not null";

    private const string SelectionSql = """
        select count(distinct m.subject_id) from report_cohort_member m
        where m.cohort = @cohort and m.origin_region like @region_prefix
        """;

    private const string CountedSql = "select count(*) from population";

    private const string MergerStateSql = "select coalesce(string_agg(topic || ':' || partition || ':' || next_offset, ',' order by topic, partition), '') from merger_positions";

    private const string EarlierSql = "select body::text from report_publication where organisation = @organisation and data_version = @version order by id";

    private const string RememberSql = """
        insert into report_publication (organisation, data_version, report, table_name, published_at, body)
        select @organisation, @version, @report, t.name, @at, t.body::jsonb from unnest(@names, @bodies) as t(name, body)
        where not exists (select 1 from report_publication r
                          where r.organisation = @organisation and r.data_version = @version and r.table_name = t.name and r.body = t.body::jsonb)
        """;

    private static readonly IReadOnlyList<IStatisticsReport> All =
    [
        new OutcomesReport(),
        new CoverageReport(),
        new ResponseTimeReport(),
        new MatchingReport(),
        new StabilityReport(),
        new SatisfactionReport(),
        new FairnessReport(),
    ];

    /// <summary>The reports by name, in the order a listing shows them.</summary>
    public static IReadOnlyList<(string Name, LocalText Title)> Catalogue { get; } = [.. All.Select(r => (r.Name, r.Title))];

    /// <summary>
    /// Computes one report. Throws <see cref="ReportRequestException"/> for an unknown report and
    /// <see cref="ReportDeniedException"/> when the caller may count no one.
    /// </summary>
    public async Task<ReportDocument> RunAsync(string name, ReportParameters parameters, ClientIdentity caller, Purpose purpose, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(caller);
        var report = All.FirstOrDefault(r => r.Name == name) ?? throw new ReportRequestException([Reading.ReportProblems.UnknownReport(name)]);
        var now = clock.GetUtcNow();
        var granted = await release.ReleaseStatisticsAsync(new StatisticsRequest(caller, purpose, report.Name, report.Categories, action, now), cancellationToken);
        if (granted.IsDenied)
            throw new ReportDeniedException(granted.DeniedRule!);

        var asOf = parameters.AsOf ?? DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var memory = new NpgsqlCommand($"set local work_mem = '{options.Value.QueryWorkMemoryMegabytes}MB'", connection, transaction))
            await memory.ExecuteNonQueryAsync(cancellationToken);
        var cohort = parameters.Cohort ?? await LatestCohortAsync(connection, transaction, cancellationToken);
        var population = new Population(granted, cohort, parameters.Region, asOf);
        var settings = options.Value;
        var version = await DataVersionAsync(connection, transaction, granted, cancellationToken);
        var earlier = await EarlierAsync(connection, transaction, caller.Organisation, version, cancellationToken);
        var context = new ReportContext(connection, transaction, population, parameters, settings.RulesFor(caller.Organisation), settings, earlier);
        long selected = 0, counted = 0;
        await context.ReadAsync(CountedSql, null, r => counted = r.GetInt64(0), cancellationToken);
        // Counting every provider whole, the release leaves no one of the selection out: the
        // population is the selection, and a second pass over the cohort would count it again.
        if (granted.Scope.CountsEveryProviderWhole)
            selected = counted;
        else
            await context.ReadAsync(SelectionSql, null, r => selected = r.GetInt64(0), cancellationToken);
        var body = await report.ComputeAsync(context, cancellationToken);
        await using (var remember = new NpgsqlCommand(RememberSql, connection, transaction))
        {
            remember.Parameters.AddWithValue("organisation", caller.Organisation);
            remember.Parameters.AddWithValue("version", version);
            remember.Parameters.AddWithValue("report", report.Name);
            remember.Parameters.AddWithValue("at", now);
            remember.Parameters.AddWithValue("names", context.Published.Select(t => t.Table.Name).ToArray());
            remember.Parameters.AddWithValue("bodies", context.Published.Select(StoredTable.ToJson).ToArray());
            await remember.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        var basis = new ReportBasis(
            [.. granted.Scope.Grants.Select(g => new ProviderBasis(g.Provider ?? "*", g.Basis.Name(), g.Agreement))],
            counted,
            selected - counted);
        return new ReportDocument(report.Name, report.Title, parameters.Describe(cohort, asOf), now, basis,
            new DisclosureSummary(context.Rules.Threshold, body.Suppressed, body.Published), body.Tables, body.Flags, body.Notes);
    }

    /// <summary>
    /// What the figures were read from: where the merger stood, and whom the release let the caller
    /// count. Two reports of the same version agree on every figure they share.
    /// </summary>
    private static async Task<string> DataVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StatisticsRelease granted, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(MergerStateSql, connection, transaction);
        var merger = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        var basis = string.Join('\n', granted.Scope.Grants.Select(g => $"{g.Provider}|{g.Basis}|{g.Agreement}|{g.Version}").Concat(granted.ConsentingSubjectKeys));
        return merger + "#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(basis)));
    }

    private static async Task<IReadOnlyList<ProtectedTable>> EarlierAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string organisation, string version, CancellationToken cancellationToken)
    {
        var earlier = new List<ProtectedTable>();
        await using var command = new NpgsqlCommand(EarlierSql, connection, transaction);
        command.Parameters.AddWithValue("organisation", organisation);
        command.Parameters.AddWithValue("version", version);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            earlier.Add(StoredTable.FromJson(reader.GetString(0)));
        return earlier;
    }

    private static async Task<int> LatestCohortAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LatestCohortSql, connection, transaction);
        var latest = await command.ExecuteScalarAsync(cancellationToken);
        return latest is int year ? year : throw new ReportRequestException([new ReportProblem(ReportProblem.NothingToCount, "cohort",
            "The index holds no graduate yet, so there is no cohort to report on.", "合并索引中尚无毕业生记录，无届别可统计。")]);
    }
}
