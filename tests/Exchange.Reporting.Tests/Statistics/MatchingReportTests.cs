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
    [Fact]
    public async Task A_referral_that_names_its_vacancys_employer_was_counted_placed_with_another_employer_using_the_same_vacancy_id()
    {
        var harness = await ReportHarness.LoadAsync(postgres, 800);
        var service = harness.Service([ReportHarness.Agreement(LegalBasisType.StatutoryDuty)]);
        // Another employer has vacancies of the same record ids, and hires no one.
        await ExecuteAsync(harness, """
            insert into current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)
            select kind, 'employer-other', source_record_id, envelope_id, subject_id, received_at,
                   jsonb_set(record, '{employerCreditCode}', '"91410000MA0000099X"')
            from current_records where kind = 'vacancy'
            """);
        var byId = await service.RunAsync("matching", ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());

        // Every referral names the vacancy's own employer: nothing changes.
        await ExecuteAsync(harness, """
            update current_records s set record = s.record || jsonb_build_object('vacancyEmployerCreditCode', v.record->>'employerCreditCode')
            from current_records v
            where s.kind = 'service' and s.record->>'serviceType' = 'job-referral'
              and v.kind = 'vacancy' and v.source_organisation <> 'employer-other' and v.source_record_id = s.record->>'vacancyRecordId'
            """);
        var named = await service.RunAsync("matching", ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());
        // Every referral names the other employer, with whom no graduate was placed.
        await ExecuteAsync(harness, """
            update current_records set record = record || '{"vacancyEmployerCreditCode": "91410000MA0000099X"}'
            where kind = 'service' and record->>'serviceType' = 'job-referral'
            """);
        var other = await service.RunAsync("matching", ReportParameters.Default, ReportHarness.BureauCaller, Purpose.Statistics, "exchange report", TestTimeout.Token());

        const int Referrals = 0, Placed = 3;
        var total = byId.Tables[0].Rows[0].Values;
        Assert.True(total[Placed].Value > 0);
        Assert.Equal(total.Select(v => v.Value), named.Tables[0].Rows[0].Values.Select(v => v.Value));
        Assert.Equal(total[Referrals].Value, other.Tables[0].Rows[0].Values[Referrals].Value);
        Assert.True(other.Tables[0].Rows[0].Values[Placed].Value is null or 0, $"placed: {other.Tables[0].Rows[0].Values[Placed]}");
    }

    // Records changed as the merger would change them: under a new data version, so that the bureau's earlier tables do not bind the new ones.
    private static async Task ExecuteAsync(ReportHarness harness, string sql)
    {
        await using var command = harness.Database.CreateCommand(sql);
        Assert.True(await command.ExecuteNonQueryAsync(TestTimeout.Token()) > 0);
        await using var merged = harness.Database.CreateCommand("""
            insert into merger_positions (topic, partition, next_offset, updated_at) values ('exchange.service.v1', 0, 1, now())
            on conflict (topic, partition) do update set next_offset = merger_positions.next_offset + 1
            """);
        await merged.ExecuteNonQueryAsync(TestTimeout.Token());
    }
}
