using Exchange.Access.Agreements;
using Exchange.Access.Decisions;
using Exchange.Reporting.Reports;
using Exchange.Reporting.Statistics;
using Exchange.Testing;
using Npgsql;

namespace Exchange.Reporting.Tests.Statistics;

/// <summary>
/// The satisfaction and stability reports read what the facts keep ready (a response's service
/// type, a placement's verdicts at 6 and 12 months; Index migrations 0020 and 0021). Their figures
/// must be those counted from the records themselves, as the reports counted before.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FactsReadyReportTests(PostgresFixture postgres)
{
    private static readonly ReportParameters OnTheDay = new(2026, null, PlacementFormula.Moe2024, new DateOnly(2027, 9, 1));

    [Fact]
    public async Task Satisfaction_counts_each_response_under_the_type_of_the_service_it_rates_as_read_from_the_records()
    {
        var harness = await ReportHarness.LoadAsync(postgres, 2000);
        var report = await harness.Service([ReportHarness.Agreement(LegalBasisType.StatutoryDuty)])
            .RunAsync("satisfaction", OnTheDay, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());

        // Every response of the cohort answered by the day, joined with its service by the record ids.
        var expected = await CountsAsync(harness, """
            select coalesce(s.record->>'serviceType', 'unknown') || '/' || (f.record->>'satisfaction'), count(*)
            from current_records f
            join report_cohort_member m on m.subject_id = f.subject_id and m.cohort = 2026 and m.standing = 1
            left join current_records s on s.kind = 'service' and s.subject_id = f.subject_id and s.record->>'recordId' = f.record->>'serviceRecordId'
            where f.kind = 'feedback' and (f.record->>'respondedOn')::date <= date '2027-09-01' and f.record ? 'satisfaction'
            group by 1
            """);

        var table = Assert.Single(report.Tables);
        var shown = 0;
        foreach (var row in table.Rows.Where(r => r.Categories[0].Code != "all" && r.Categories[1].Code == "all"))
        {
            for (var score = 1; score <= 5; score++)
            {
                var value = row.Values[ReportHarness.Measure(table, $"score-{score}")];
                if (value.Status != ValueStatus.Shown)
                    continue;
                Assert.Equal(expected.GetValueOrDefault($"{row.Categories[0].Code}/{score}"), (long)value.Value!.Value);
                shown++;
            }
        }
        Assert.True(shown >= 10, $"only {shown} cells shown");
    }

    [Fact]
    public async Task Stability_judges_each_graduate_s_first_employment_at_both_horizons_as_from_its_follow_ups()
    {
        var harness = await ReportHarness.LoadAsync(postgres, 2000);
        var report = await harness.Service([ReportHarness.Agreement(LegalBasisType.StatutoryDuty)])
            .RunAsync("stability", OnTheDay, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());

        // Each graduate's first employment begun by the day, judged at the horizon as the report judged before the
        // verdicts were kept: the first follow-up on or after it decides, else a departure before it, else not known.
        var expected = await CountsAsync(harness, """
            with first as (
              select distinct on (pl.subject_id) pl.start_date, pl.follow_up_checked_on as checked, pl.follow_up_still_in_place as still
              from report_placement pl
              join report_cohort_member m on m.subject_id = pl.subject_id and m.cohort = 2026 and m.standing = 1
              where left(pl.destination_code, 2) = any('{10,11,12,27,46,50,51,75,76,77}') and pl.start_date <= date '2027-09-01'
              order by pl.subject_id, pl.start_date, pl.source_organisation, pl.source_record_id
            )
            select h.months || '/' || report_stability_status(f.checked, f.still, (f.start_date + make_interval(months => h.months))::date), count(*)
            from first f cross join (values (6), (12)) as h (months)
            where (f.start_date + make_interval(months => h.months))::date <= date '2027-09-01'
            group by 1
            """);

        foreach (var months in new[] { 6, 12 })
        {
            var table = report.Tables.Single(t => t.Name == $"stability-{months}-months");
            var all = table.Rows.Single(r => r.Categories[0].Code == "all" && r.Categories[1].Code == "all");
            foreach (var status in new[] { "still", "left", "unknown" })
            {
                var value = all.Values[ReportHarness.Measure(table, status)];
                Assert.Equal(ValueStatus.Shown, value.Status);
                Assert.Equal(expected.GetValueOrDefault($"{months}/{status}"), (long)value.Value!.Value);
            }
        }
        Assert.True(expected.GetValueOrDefault("12/left") > 0 && expected.GetValueOrDefault("6/unknown") > 0, "the population has each verdict");
    }

    private static async Task<Dictionary<string, long>> CountsAsync(ReportHarness harness, string sql)
    {
        await using var connection = await harness.Database.OpenConnectionAsync(TestTimeout.Token());
        await using var command = new NpgsqlCommand(sql, connection);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(TestTimeout.Token());
        while (await reader.ReadAsync(TestTimeout.Token()))
            counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }
}
