using Exchange.Access.Agreements;
using Exchange.Access.Decisions;
using Exchange.Reporting.Statistics;
using Exchange.Testing;
using Exchange.Testing.Reports;

namespace Exchange.Reporting.Tests.Statistics;

/// <summary>
/// Whom a report counts, and by which record: the latest graduate record the caller may count.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PopulationTests(PostgresFixture postgres)
{
    private const string OtherSender = "12110000400000017X";

    [Fact]
    public async Task A_later_record_of_a_sender_the_bureau_may_not_count_neither_hides_nor_moves_a_graduate_it_may()
    {
        var harness = await ReportHarness.LoadAsync(postgres, 400);
        var provider = IndexPopulation.Institutions[0];
        var counted = harness.Service([ReportHarness.Agreement(LegalBasisType.StatutoryDuty, provider)]);
        var before = await counted.RunAsync("outcomes", ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());
        Assert.InRange(before.Basis.SubjectsCounted, 1, 399);

        // Every graduate reported again, later, by another sender, as coming from Beijing.
        await using (var again = harness.Database.CreateCommand($$"""
            insert into current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)
            select kind, '{{OtherSender}}', source_record_id, envelope_id, subject_id, received_at + interval '1 day', jsonb_set(record, '{originRegion}', '"110101"')
            from current_records where kind = 'graduate'
            """))
            Assert.Equal(400, await again.ExecuteNonQueryAsync(TestTimeout.Token()));
        await using (var version = harness.Database.CreateCommand("insert into merger_positions (topic, partition, next_offset, updated_at) values ('exchange.graduate.v1', 0, 1, now())"))
            await version.ExecuteNonQueryAsync(TestTimeout.Token());

        var after = await counted.RunAsync("outcomes", ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());
        Assert.Equal(before.Basis.SubjectsCounted, after.Basis.SubjectsCounted);
        Assert.Equal(Regions(before), Regions(after));
        Assert.DoesNotContain("110000", Regions(after));

        // Counting every sender, each graduate is counted once, by the latest record.
        var everyone = await harness.Service([ReportHarness.Agreement(LegalBasisType.StatutoryDuty)])
            .RunAsync("outcomes", ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());
        Assert.Equal(400L, everyone.Basis.SubjectsCounted);
        Assert.Equal(["110000"], Regions(everyone));
    }

    private static List<string> Regions(Exchange.Reporting.Reports.ReportDocument report) =>
        [.. report.Tables[0].Rows.Select(r => r.Categories[0].Code).Where(c => c.EndsWith("0000", StringComparison.Ordinal) && c != "000000").Distinct().Order(StringComparer.Ordinal)];
}
