using System.Text;
using System.Text.Json;
using Exchange.Access.Agreements;
using Exchange.Reporting.Reports;
using Exchange.Reporting.Statistics;
using Exchange.Reporting.Writers;
using Exchange.Testing;

namespace Exchange.Reporting.Tests.Statistics;

/// <summary>Every report of the catalogue over one generated cohort: computed, protected, and written in every format and language.</summary>
[Collection(PostgresCollection.Name)]
public sealed class EveryReportTests(PostgresFixture postgres) : IAsyncLifetime
{
    private ReportHarness _harness = null!;
    private ReportService _service = null!;

    public async Task InitializeAsync()
    {
        _harness = await ReportHarness.LoadAsync(postgres, 2500);
        _service = _harness.Service([ReportHarness.Agreement(LegalBasisType.StatutoryDuty)]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> Reports => new(ReportService.Catalogue.Select(r => r.Name));

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Each_report_is_computed_protected_and_written_as_json_csv_and_html_without_an_identifier(string name)
    {
        var report = await _service.RunAsync(name, ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());

        Assert.NotEmpty(report.Tables);
        Assert.All(report.Tables, t => Assert.NotEmpty(t.Rows));
        Assert.Contains(report.Tables.SelectMany(t => t.Rows).SelectMany(r => r.Values), v => v.Status == ValueStatus.Shown);
        Assert.All(report.Tables.SelectMany(t => t.Rows).SelectMany(r => r.Values).Where(v => v.Status != ValueStatus.Shown), v => Assert.Null(v.Value));
        Assert.NotEmpty(report.Notes);
        IReportWriter[] writers = [new JsonReportWriter(), new CsvReportWriter(), new HtmlReportWriter()];
        foreach (var writer in writers)
        {
            foreach (var language in new[] { ReportLanguage.Zh, ReportLanguage.En })
            {
                using var output = new MemoryStream();
                await writer.WriteAsync(report, output, language, TestTimeout.Token());
                var text = Encoding.UTF8.GetString(output.ToArray());
                Assert.DoesNotContain("lk_", text, StringComparison.Ordinal);
                Assert.DoesNotContain("G-1", text, StringComparison.Ordinal);
                Assert.Contains(report.Title.In(language), text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Coverage_counts_the_certified_disadvantaged_graduates_and_each_part_of_the_package()
    {
        var report = await _service.RunAsync("coverage", ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());

        var total = report.Tables[0].Rows[0];
        Assert.Equal(_harness.Population.Disadvantaged, total.Values[0].Value);
        var referralShare = total.Values[report.Tables[0].Measures.Select(m => m.Name).ToList().IndexOf("job-referrals-share")];
        Assert.InRange(referralShare.Value!.Value, 0.05, 0.9);
    }

    [Fact]
    public async Task Fairness_reports_an_impact_ratio_per_region_and_flags_one_below_the_bound()
    {
        var strict = _harness.Service([ReportHarness.Agreement(LegalBasisType.StatutoryDuty)], options: new ReportOptions { FairnessBound = 1.0 });

        var report = await strict.RunAsync("fairness", ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());

        var table = report.Tables[0];
        var placed = table.Rows[0].Values[table.Measures.Select(m => m.Name).ToList().IndexOf("placed-impact-ratio")];
        // The generated cohort places disadvantaged graduates less often (78% against 88%).
        Assert.InRange(placed.Value!.Value, 0.7, 0.99);
        Assert.Contains(report.Flags, f => f.Code == "fairness.below-bound");
    }

    [Fact]
    public async Task An_unknown_report_or_parameter_is_refused_with_its_code()
    {
        var unknown = await Assert.ThrowsAsync<ReportRequestException>(() =>
            _service.RunAsync("salaries", ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token()));
        Assert.Equal(ReportProblem.UnknownReport, Assert.Single(unknown.Problems).Code);

        var regions = Exchange.Core.Codes.CodeListCatalog.Shipped["admin-division"];
        var bad = Assert.Throws<ReportRequestException>(() => ReportParameters.Parse(
            [new("cohort", "twenty"), new("region", "410102"), new("formula", "2019"), new("asOf", "2027-13-01"), new("colour", "red")], regions));
        Assert.Equal(
            [("cohort", ReportProblem.InvalidParameter), ("region", ReportProblem.InvalidParameter), ("formula", ReportProblem.InvalidParameter),
             ("asOf", ReportProblem.InvalidParameter), ("colour", ReportProblem.UnknownParameter)],
            bad.Problems.Select(p => (p.Parameter, p.Code)));
        Assert.Equal(new ReportParameters(2026, "410100", PlacementFormula.Moe2021, new DateOnly(2027, 6, 30)),
            ReportParameters.Parse([new("cohort", "2026"), new("region", "410100"), new("formula", "2021"), new("asOf", "2027-06-30")], regions));
    }
}
