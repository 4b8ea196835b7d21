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
        Assert.InRange(total.Values[Measure(byRegion, "placement-rate")].Value!.Value, 0.5, 0.95);
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

    private static int Measure(ReportTable table, string name) => table.Measures.Select((m, i) => (m, i)).Single(p => p.m.Name == name).i;
}
