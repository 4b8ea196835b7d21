using System.Text.Json;
using Exchange.Access.Agreements;
using Exchange.Access.Decisions;
using Exchange.Reporting.Reports;
using Exchange.Reporting.Statistics;
using Exchange.Testing;
using Exchange.Testing.Reports;

namespace Exchange.Reporting.Tests.Statistics;

[Collection(PostgresCollection.Name)]
public sealed class OutcomesReportTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Under_a_statutory_duty_every_graduate_of_the_cohort_is_counted_and_the_basis_is_audited()
    {
        var harness = await ReportHarness.LoadAsync(postgres, 3000);
        var agreement = ReportHarness.Agreement(LegalBasisType.StatutoryDuty);
        var report = await harness.Service([agreement]).RunAsync("outcomes", ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());

        Assert.Equal((3000L, 0L), (report.Basis.SubjectsCounted, report.Basis.SubjectsLeftOut));
        Assert.Equal("statutory-duty", Assert.Single(report.Basis.Providers).Basis);
        var byRegion = report.Tables[0];
        var total = byRegion.Rows[0];
        Assert.Equal(["all", "all"], total.Categories.Select(c => c.Code));
        Assert.Equal(3000d, total.Values[0].Value);
        var disadvantaged = byRegion.Rows.Single(r => r.Categories[0].Code == "all" && r.Categories[1].Code == "disadvantaged");
        Assert.Equal(harness.Population.Disadvantaged, disadvantaged.Values[0].Value);
        Assert.InRange(total.Values[ReportHarness.Measure(byRegion, "placement-rate")].Value!.Value, 0.5, 0.95);
        Assert.Equal(("全国", "河南省"), (total.Categories[0].Label.Zh, byRegion.Rows.Single(r => r.Categories[0].Code == "410000" && r.Categories[1].Code == "all").Categories[0].Label.Zh));
        Assert.Equal(2 * 10, byRegion.Rows.Count);
        var entry = Assert.Single(harness.Audit);
        Assert.Equal(("permit", PolicyRules.StatisticsStatutoryDuty, ""), (entry.Decision, entry.Rule, entry.SubjectHandle));
        Assert.Contains($"agreement/{agreement.Id}@1", entry.FieldsReleased);
    }

    [Fact]
    public async Task Under_consent_only_consenting_graduates_are_counted_and_the_rest_are_said_to_be_left_out()
    {
        var harness = await ReportHarness.LoadAsync(postgres, 1000);
        var consenting = Enumerable.Range(1, 120).Select(IndexPopulation.KeyOf).ToList();
        var service = harness.Service([ReportHarness.Agreement(LegalBasisType.Consent)], consenting.SelectMany(ReportHarness.StatisticsConsent));

        var report = await service.RunAsync("outcomes", ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());

        Assert.Equal((120L, 880L), (report.Basis.SubjectsCounted, report.Basis.SubjectsLeftOut));
        Assert.Equal(120d, report.Tables[0].Rows[0].Values[0].Value);
        Assert.Equal(PolicyRules.StatisticsConsent, Assert.Single(harness.Audit).Rule);
    }

    [Fact]
    public async Task Small_cells_are_marked_suppressed_never_zeroed_and_no_identifier_leaves_in_the_document()
    {
        var harness = await ReportHarness.LoadAsync(postgres, 1500);
        var options = new ReportOptions { ThresholdByOrganisation = { [ReportHarness.Bureau] = 10 } };
        var report = await harness.Service([ReportHarness.Agreement(LegalBasisType.StatutoryDuty)], options: options)
            .RunAsync("outcomes", ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());

        Assert.Equal(10, report.Disclosure.Threshold);
        Assert.True(report.Disclosure.SuppressedCells > 0);
        var values = report.Tables.SelectMany(t => t.Rows).SelectMany(r => r.Values).ToList();
        Assert.Contains(values, v => v.Status == ValueStatus.Suppressed);
        Assert.All(values.Where(v => v.Status != ValueStatus.Shown), v => Assert.Null(v.Value));
        var counts = report.Tables.SelectMany(t => t.Rows.SelectMany(r => r.Values.Where((_, i) => t.Measures[i].Unit == MeasureUnit.Count)));
        Assert.DoesNotContain(counts, v => v.Value is > 0 and < 10);
        var json = JsonSerializer.Serialize(report);
        Assert.DoesNotContain("lk_", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"G-", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PlacementFormula.Moe2024, "{10,11,12,27,46,50,51,75,76,80,85}", false)]
    [InlineData(PlacementFormula.Moe2021, "{10,11,12,27,46,50,51,75,76,77,80,85}", true)]
    public async Task The_median_days_to_placement_are_the_nearest_rank_medians_of_each_graduate_s_first_placement_that_counts(
        PlacementFormula formula, string placedFamilies, bool statementOptional)
    {
        var harness = await ReportHarness.LoadAsync(postgres, 3000);
        var parameters = new ReportParameters(2026, null, formula, new DateOnly(2027, 9, 1));
        var report = await harness.Service([ReportHarness.Agreement(LegalBasisType.StatutoryDuty)])
            .RunAsync("outcomes", parameters, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());

        // Each graduate's first placement that counts as placed under the formula, begun by the as-of day: its
        // days after graduation (none before it), and the nearest-rank median per province and over all.
        await using var connection = await harness.Database.OpenConnectionAsync(TestTimeout.Token());
        await using var command = new Npgsql.NpgsqlCommand("""
            select coalesce(f.part, 'all'), percentile_disc(0.5) within group (order by f.days)
            from (
              select left(m.origin_region, 2) || '0000' as part, greatest(0, min(pl.start_date) - m.graduation_date) as days
              from report_cohort_member m join report_placement pl on pl.subject_id = m.subject_id
              where m.cohort = 2026 and m.standing = 1 and m.graduation_date is not null and pl.start_date <= date '2027-09-01'
                and left(pl.destination_code, 2) = any(@families::text[])
                and (left(pl.destination_code, 2) <> '76' or @optional or coalesce(pl.signed_statement, false))
              group by m.subject_id, m.origin_region, m.graduation_date
            ) as f
            group by rollup (f.part)
            """, connection);
        command.Parameters.AddWithValue("families", placedFamilies);
        command.Parameters.AddWithValue("optional", statementOptional);
        var expected = new Dictionary<string, double>();
        await using (var reader = await command.ExecuteReaderAsync(TestTimeout.Token()))
        {
            while (await reader.ReadAsync(TestTimeout.Token()))
                expected[reader.GetString(0)] = reader.GetInt32(1);
        }

        var byRegion = report.Tables[0];
        var median = ReportHarness.Measure(byRegion, "median-days-to-placement");
        var shown = byRegion.Rows.Where(r => r.Categories[1].Code == "all" && r.Values[median].Status == ValueStatus.Shown)
            .ToDictionary(r => r.Categories[0].Code, r => r.Values[median].Value);
        Assert.True(expected.Count > 1 && expected["all"] > 0, "the population has first placements after graduation");
        Assert.Contains("all", shown.Keys);
        Assert.All(shown, row => Assert.Equal(expected[row.Key], row.Value));
    }

    [Fact]
    public async Task A_caller_without_an_agreement_for_statistics_is_refused_and_the_refusal_audited()
    {
        var harness = await ReportHarness.LoadAsync(postgres, 50);
        var service = harness.Service([]);

        var denied = await Assert.ThrowsAsync<ReportDeniedException>(() =>
            service.RunAsync("outcomes", ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token()));

        Assert.Equal(PolicyRules.AgreementNone, denied.Rule);
        Assert.Equal("deny", Assert.Single(harness.Audit).Decision);
    }
}
