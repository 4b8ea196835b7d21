using Exchange.Access.Agreements;
using Exchange.Access.Decisions;
using Exchange.Reporting.Statistics;
using Exchange.Testing;
using Npgsql;

namespace Exchange.Reporting.Tests.Statistics;

[Collection(PostgresCollection.Name)]
public sealed class MatchingReportTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_referral_is_counted_once_when_two_employers_vacancies_share_its_record_id()
    {
        var harness = await ReportHarness.LoadAsync(postgres, 800);
        var service = harness.Service([ReportHarness.Agreement(LegalBasisType.StatutoryDuty)]);
        var before = await service.RunAsync("matching", ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());

        // A referral names its vacancy by record id alone; another employer's vacancies with the same ids.
        await using (var copy = harness.Database.CreateCommand("""
            insert into current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)
            select kind, 'employer-other', source_record_id, envelope_id, subject_id, received_at,
                   jsonb_set(record, '{employerCreditCode}', '"91410000MA0000099X"')
            from current_records where kind = 'vacancy'
            """))
            Assert.True(await copy.ExecuteNonQueryAsync(TestTimeout.Token()) > 0);
        var after = await service.RunAsync("matching", ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());

        var referrals = before.Tables[0].Rows[0].Values[0].Value;
        Assert.True(referrals > 0);
        Assert.Equal(referrals, after.Tables[0].Rows[0].Values[0].Value);
        Assert.Equal(before.Tables[0].Rows[0].Values.Select(v => v.Value), after.Tables[0].Rows[0].Values.Select(v => v.Value));
    }
}
