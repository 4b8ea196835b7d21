using Exchange.Access.Agreements;
using Exchange.Access.Decisions;
using Exchange.Reporting.Statistics;
using Exchange.Testing;

namespace Exchange.Reporting.Tests.Statistics;

[Collection(PostgresCollection.Name)]
public sealed class ResponseTimeReportTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_graduate_never_served_was_counted_as_served_on_the_day_of_registration()
    {
        var harness = await ReportHarness.LoadAsync(postgres, 600);
        // A third of the graduates have had no service at all.
        await using (var unserve = harness.Database.CreateCommand("delete from current_records where kind = 'service' and subject_id % 3 = 0"))
            Assert.True(await unserve.ExecuteNonQueryAsync(TestTimeout.Token()) > 0);
        await using var count = harness.Database.CreateCommand("""
            select count(distinct g.subject_id) from report_graduate g join report_service sv on sv.subject_id = g.subject_id
            where g.cohort = 2026 and sv.delivered_on <= '2027-09-01'
            """);
        var served = (long)(await count.ExecuteScalarAsync(TestTimeout.Token()))!;
        Assert.InRange(served, 1, 450);

        var report = await harness.Service([ReportHarness.Agreement(LegalBasisType.StatutoryDuty)])
            .RunAsync("response-time", ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());

        var total = report.Tables[0].Rows[0];
        const int Graduates = 0, Served = 1;
        Assert.Equal((600d, (double)served), (total.Values[Graduates].Value, total.Values[Served].Value));
    }
}
