using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dapper;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Index.Merging;
using Exchange.Index.Tests.Merging;
using Exchange.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Exchange.Index.Tests.Migrations;

/// <summary>
/// The typed report facts (Index migration 0013) follow current_records in the writer's
/// transaction: a record merged, a newer version, a merge of subjects, a purge that rewrites a
/// record and a delete. A fact that outlived its record would be counted by a report, or keep a
/// purged field.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReportFactsTests(PostgresFixture postgres)
{
    private const string University = "12100000400000624D";
    private static readonly LinkageKeys Keys = new(SHA256.HashData("report facts tests"u8));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero));
    private SealedInputs? _inputs;

    private SealedInputs Inputs => _inputs ??= new(Keys, _clock, University);

    [Fact]
    public async Task Each_kind_a_report_counts_is_typed_from_its_merged_record()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var merger = new Merger(database, _clock);
        var graduate = IndexTestData.About(IndexTestData.Sample("graduate"), 2);
        var certification = IndexTestData.About(IndexTestData.Sample("certification"), 2);
        var service = IndexTestData.About(IndexTestData.Sample("service", 1), 2);
        var placement = IndexTestData.About(IndexTestData.Sample("placement"), 2);
        placement["followUps"] = new JsonArray(
            new JsonObject { ["checkedOn"] = "2027-07-20", ["stillInPlace"] = false },
            new JsonObject { ["checkedOn"] = "2027-01-15", ["stillInPlace"] = true });
        var feedback = IndexTestData.About(IndexTestData.Sample("feedback"), 2);
        var vacancy = IndexTestData.Sample("vacancy");
        await merger.MergeAsync([.. new[] { (RecordKind.Graduate, graduate), (RecordKind.Certification, certification), (RecordKind.Service, service),
            (RecordKind.Placement, placement), (RecordKind.Feedback, feedback), (RecordKind.Vacancy, vacancy) }.Select(r => Inputs.Next(r.Item1, r.Item2))],
            TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var subject = await connection.QuerySingleAsync<long>("select subject_id from current_records where kind = 'graduate'");
        var g = await connection.QuerySingleAsync<(long? SubjectId, int? Cohort, string OriginRegion, string Institution, string Level, string Major, DateTime Graduated)>(
            "select subject_id, cohort, origin_region::text, institution_code, education_level, major_code, graduation_date from report_graduate");
        Assert.Equal((subject, (int)graduate["cohort"]!, (string)graduate["originRegion"]!, (string)graduate["institutionCode"]!,
            (string)graduate["educationLevel"]!, (string)graduate["majorCode"]!, DateTime.Parse((string)graduate["graduationDate"]!, System.Globalization.CultureInfo.InvariantCulture)), g);

        var c = await connection.QuerySingleAsync<(long? SubjectId, string Type, string Status, DateTime ValidFrom)>(
            "select subject_id, certification_type, status, valid_from from report_certification");
        Assert.Equal((subject, (string)certification["certificationType"]!, (string)certification["status"]!, Day(certification["validFrom"])), c);

        var s = await connection.QuerySingleAsync<(long? SubjectId, string Type, DateTime DeliveredOn, string Vacancy, string Employer)>(
            "select subject_id, service_type, delivered_on, vacancy_record_id, vacancy_employer_credit_code from report_service");
        Assert.Equal((subject, "job-referral", Day(service["deliveredOn"]), (string)service["vacancyRecordId"]!, (string)service["vacancyEmployerCreditCode"]!), s);

        var p = await connection.QuerySingleAsync<(long? SubjectId, string Code, DateTime Start, string Employer, string[] Checked, bool[] Still)>(
            "select subject_id, destination_code, start_date, employer_credit_code, follow_up_checked_on::text[], follow_up_still_in_place from report_placement");
        Assert.Equal((subject, (string)placement["destinationCode"]!, Day(placement["startDate"]), (string)placement["employerCreditCode"]!), (p.SubjectId, p.Code, p.Start, p.Employer));
        // In the order they were checked, not the order sent.
        Assert.Equal(["2027-01-15", "2027-07-20"], p.Checked);
        Assert.Equal([true, false], p.Still);
        // Judged at 6 and 12 months after the start (2026-07-15): the check of 2027-01-15 decides the first, that of 2027-07-20 the second.
        Assert.Equal(("still", "left"), await connection.QuerySingleAsync<(string, string)>("select status_at_6_months, status_at_12_months from report_placement"));

        var f = await connection.QuerySingleAsync<(long? SubjectId, string Service, int Satisfaction, DateTime RespondedOn)>(
            "select subject_id, service_record_id, satisfaction, responded_on from report_feedback");
        Assert.Equal((subject, (string)feedback["serviceRecordId"]!, (int)feedback["satisfaction"]!, Day(feedback["respondedOn"])), f);

        Assert.Equal((string)vacancy["employerCreditCode"]!, await connection.QuerySingleAsync<string>("select employer_credit_code from report_vacancy"));
    }

    [Fact]
    public async Task Facts_follow_a_newer_version_a_merge_of_subjects_a_purge_and_a_delete()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var merger = new Merger(database, _clock);
        var graduate = IndexTestData.About(IndexTestData.Sample("graduate"), 2);
        var placement = IndexTestData.About(IndexTestData.Sample("placement"), 4);
        await merger.MergeAsync([Inputs.Next(RecordKind.Graduate, graduate), Inputs.Next(RecordKind.Placement, placement)], TestTimeout.Token());
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());

        _clock.Advance(TimeSpan.FromMinutes(1));
        graduate["originRegion"] = "410305";
        await merger.MergeAsync([Inputs.Next(RecordKind.Graduate, graduate)], TestTimeout.Token());
        Assert.Equal(["410305"], await connection.QueryAsync<string>("select origin_region::text from report_graduate"));

        // The statements the merger runs to merge two subjects: the placement's subject joins the graduate's.
        var subjects = (await connection.QueryAsync<long>("select subject_id from subjects order by subject_id")).ToArray();
        await using (var transaction = await connection.BeginTransactionAsync(TestTimeout.Token()))
        {
            await SubjectOperations.MergeAsync(connection, transaction, subjects, _clock.GetUtcNow().UtcDateTime, TestTimeout.Token());
            await transaction.CommitAsync(TestTimeout.Token());
        }
        var graduateSubject = await connection.QuerySingleAsync<long>("select subject_id from current_records where kind = 'graduate'");
        Assert.Equal([graduateSubject], await connection.QueryAsync<long>("select subject_id from report_placement"));

        // A purge rewrites the record in force without the erased fields, as WithdrawalPurge does.
        await connection.ExecuteAsync("""
            update current_records set record = record - 'originRegion' - 'majorCode' where kind = 'graduate'
            """);
        var purged = await connection.QuerySingleAsync<(string? OriginRegion, string? Major, string Level)>(
            "select origin_region::text, major_code, education_level from report_graduate");
        Assert.Equal((null, null, (string)graduate["educationLevel"]!), purged);

        await connection.ExecuteAsync("delete from current_records where kind = 'placement'");
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(*) from report_placement"));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(*) from report_graduate"));
    }

    [Fact]
    public async Task A_response_carries_the_type_of_the_service_it_rates_whichever_record_came_first()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var merger = new Merger(database, _clock);
        var graduate = IndexTestData.About(IndexTestData.Sample("graduate"), 2);
        var feedback = IndexTestData.About(IndexTestData.Sample("feedback"), 2);
        var service = IndexTestData.About(IndexTestData.Sample("service", 1), 2);
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        async Task<string?> RatedTypeAsync() => await connection.QuerySingleAsync<string?>("select service_type from report_feedback");

        // The response arrives before the service it rates.
        await merger.MergeAsync([Inputs.Next(RecordKind.Graduate, graduate), Inputs.Next(RecordKind.Feedback, feedback)], TestTimeout.Token());
        Assert.Null(await RatedTypeAsync());

        await merger.MergeAsync([Inputs.Next(RecordKind.Service, service)], TestTimeout.Token());
        Assert.Equal("job-referral", await RatedTypeAsync());

        // A newer version of the service corrects its type.
        _clock.Advance(TimeSpan.FromMinutes(1));
        service["serviceType"] = "career-guidance";
        await merger.MergeAsync([Inputs.Next(RecordKind.Service, service)], TestTimeout.Token());
        Assert.Equal("career-guidance", await RatedTypeAsync());

        // A newer version of the response keeps it.
        _clock.Advance(TimeSpan.FromMinutes(1));
        feedback["satisfaction"] = 3;
        await merger.MergeAsync([Inputs.Next(RecordKind.Feedback, feedback)], TestTimeout.Token());
        Assert.Equal("career-guidance", await RatedTypeAsync());

        // A service of another subject with the same record id, from a bureau, is not the one rated.
        var stranger = IndexTestData.About(IndexTestData.Sample("service", 1), 6);
        stranger["serviceType"] = "skills-training";
        var bureau = new SealedInputs(Keys, _clock, "11410000MB0000001X");
        await merger.MergeAsync([Inputs.At(bureau.Seal(RecordKind.Service, stranger))], TestTimeout.Token());
        Assert.Equal("career-guidance", await RatedTypeAsync());

        // The service leaves the subject of the response: the response rates no service it holds.
        var serviceSubject = await connection.QuerySingleAsync<long>("select subject_id from report_service where service_type = 'career-guidance'");
        var otherSubject = await connection.QuerySingleAsync<long>("select subject_id from report_service where service_type = 'skills-training'");
        await connection.ExecuteAsync("update current_records set subject_id = @otherSubject where kind = 'service' and subject_id = @serviceSubject",
            new { otherSubject, serviceSubject });
        Assert.Null(await RatedTypeAsync());

        await connection.ExecuteAsync("update current_records set subject_id = @serviceSubject where kind = 'service' and record->>'serviceType' = 'career-guidance'",
            new { serviceSubject });
        Assert.Equal("career-guidance", await RatedTypeAsync());
        await connection.ExecuteAsync("delete from current_records where kind = 'service'");
        Assert.Null(await RatedTypeAsync());
    }

    [Fact]
    public async Task Each_graduate_s_milestones_follow_its_records_through_newer_versions_a_merge_of_subjects_and_deletes()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var merger = new Merger(database, _clock);
        var graduate = IndexTestData.About(IndexTestData.Sample("graduate"), 2);
        var certification = IndexTestData.About(IndexTestData.Sample("certification"), 2);
        var service = IndexTestData.About(IndexTestData.Sample("service"), 2);
        var other = IndexTestData.Graduate("G-OTHER", "王芳", "4111010001", "S-OTHER", 4, null, "410305", "2003-05-01");
        var placement = IndexTestData.About(IndexTestData.Sample("placement"), 4);
        placement["destinationCode"] = "76";
        placement["signedStatement"] = false;
        await merger.MergeAsync([Inputs.Next(RecordKind.Graduate, graduate), Inputs.Next(RecordKind.Certification, certification),
            Inputs.Next(RecordKind.Service, service), Inputs.Next(RecordKind.Graduate, other), Inputs.Next(RecordKind.Placement, placement)], TestTimeout.Token());
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var graduateSubject = await connection.QuerySingleAsync<long>("select subject_id from current_records where kind = 'graduate' and source_record_id = @id", new { id = (string)graduate["recordId"]! });
        var placementSubject = await connection.QuerySingleAsync<long>("select subject_id from current_records where kind = 'placement'");
        Assert.NotEqual(graduateSubject, placementSubject);

        async Task<dynamic?> MilestonesAsync(long subject)
        {
            // Whatever a statement did, every member row holds its subject's registration and the milestones computed afresh.
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("""
                select count(*) from report_cohort_member m
                left join subjects s on s.subject_id = m.subject_id
                left join report_subject_milestones_of(array(select subject_id from report_cohort_member)) f on f.subject_id = m.subject_id
                where m.registered_at is distinct from s.created_at
                   or (m.disability_from, m.extreme_poverty_support_from, m.orphan_from, m.minimum_living_allowance_from, m.zero_employment_family_from,
                       m.poverty_alleviation_from, m.long_term_unemployed_from, m.first_service_on, m.first_referral_on, m.first_placed_2021_on,
                       m.first_placed_2024_on, m.first_employment_start, m.first_employment_at_6_months, m.first_employment_at_12_months,
                       m.latest_placement_start, m.latest_destination_code, m.latest_signed_statement)
                      is distinct from
                      (f.disability_from, f.extreme_poverty_support_from, f.orphan_from, f.minimum_living_allowance_from, f.zero_employment_family_from,
                       f.poverty_alleviation_from, f.long_term_unemployed_from, f.first_service_on, f.first_referral_on, f.first_placed_2021_on,
                       f.first_placed_2024_on, f.first_employment_start, f.first_employment_at_6_months, f.first_employment_at_12_months,
                       f.latest_placement_start, f.latest_destination_code, f.latest_signed_statement)
                """));
            return await connection.QuerySingleOrDefaultAsync("select * from report_cohort_member where subject_id = @subject", new { subject });
        }

        var first = (await MilestonesAsync(graduateSubject))!;
        Assert.Equal(On(certification["validFrom"]), (DateOnly?)first.minimum_living_allowance_from);
        Assert.Null(first.disability_from);
        Assert.Equal(On(service["deliveredOn"]), (DateOnly?)first.first_service_on);
        Assert.Null(first.latest_placement_start);
        var placed = (await MilestonesAsync(placementSubject))!;
        Assert.Equal(("76", false, On(placement["startDate"])), ((string)placed.latest_destination_code, (bool)placed.latest_signed_statement, (DateOnly)placed.latest_placement_start));
        Assert.Equal(On(placement["startDate"]), (DateOnly?)placed.first_placed_2021_on);
        Assert.Null(placed.first_placed_2024_on);
        Assert.Equal(On(placement["startDate"]), (DateOnly?)placed.first_employment_start);

        // A newer version of the placement: signed, and begun later.
        _clock.Advance(TimeSpan.FromMinutes(1));
        placement["signedStatement"] = true;
        placement["startDate"] = "2026-09-01";
        await merger.MergeAsync([Inputs.Next(RecordKind.Placement, placement)], TestTimeout.Token());
        placed = (await MilestonesAsync(placementSubject))!;
        Assert.Equal(new DateOnly(2026, 9, 1), (DateOnly?)placed.first_placed_2024_on);
        Assert.Equal(new DateOnly(2026, 9, 1), (DateOnly?)placed.latest_placement_start);

        // The statements the merger runs to merge two subjects: the placement's subject joins the graduate's.
        await using (var transaction = await connection.BeginTransactionAsync(TestTimeout.Token()))
        {
            await SubjectOperations.MergeAsync(connection, transaction, [graduateSubject, placementSubject], _clock.GetUtcNow().UtcDateTime, TestTimeout.Token());
            await transaction.CommitAsync(TestTimeout.Token());
        }
        // One sender's two graduate records of one subject: one member row, the later record's.
        var merged = (await MilestonesAsync(graduateSubject))!;
        Assert.Equal(("76", new DateOnly(2026, 9, 1), On(service["deliveredOn"])),
            ((string)merged.latest_destination_code, (DateOnly)merged.first_placed_2024_on, (DateOnly)merged.first_service_on));
        Assert.Null(await MilestonesAsync(placementSubject));

        // The certification withdrawn, then the placement, then the service.
        await connection.ExecuteAsync("delete from current_records where kind = 'certification'");
        await MilestonesAsync(graduateSubject);
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(minimum_living_allowance_from) from report_cohort_member"));
        await connection.ExecuteAsync("delete from current_records where kind = 'placement'");
        await MilestonesAsync(graduateSubject);
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(latest_placement_start) + count(first_employment_start) from report_cohort_member"));
        await connection.ExecuteAsync("delete from current_records where kind = 'service'");
        await MilestonesAsync(graduateSubject);
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(first_service_on) from report_cohort_member"));
    }

    [Fact]
    public async Task A_record_without_the_optional_fields_a_report_reads_is_typed_with_nulls_and_merged()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var merger = new Merger(database, _clock);
        var placement = IndexTestData.About(IndexTestData.Sample("placement"), 2);
        placement.Remove("followUps");
        placement.Remove("employerCreditCode");
        var service = IndexTestData.About(IndexTestData.Sample("service", 0), 2);
        await merger.MergeAsync([Inputs.Next(RecordKind.Placement, placement), Inputs.Next(RecordKind.Service, service)], TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var p = await connection.QuerySingleAsync<(string? Employer, string[] Checked, bool[] Still)>(
            "select employer_credit_code, follow_up_checked_on::text[], follow_up_still_in_place from report_placement");
        Assert.Null(p.Employer);
        Assert.Empty(p.Checked);
        Assert.Empty(p.Still);
        Assert.Equal(((string?)null, (string?)null), await connection.QuerySingleAsync<(string?, string?)>(
            "select vacancy_record_id, vacancy_employer_credit_code from report_service"));
    }

    [Fact]
    public async Task A_record_put_on_a_topic_with_values_a_report_cannot_read_is_merged_and_does_not_stop_the_merger()
    {
        // The hub seals records from its typed model, but anyone who may write to a record topic can
        // put there a document no validation saw. A cast that fails inside the facts' trigger would
        // fail every merge of the batch, again and again.
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var merger = new Merger(database, _clock);
        var hostile = new[]
        {
            SealedInputs.WithFields(Inputs.Seal(RecordKind.Placement, IndexTestData.About(IndexTestData.Sample("placement"), 2)), new JsonObject
            {
                ["startDate"] = "2026-02-30",
                ["followUps"] = new JsonArray(new JsonObject { ["checkedOn"] = "someday", ["stillInPlace"] = 1 }),
            }),
            SealedInputs.WithFields(Inputs.Seal(RecordKind.Graduate, IndexTestData.About(IndexTestData.Sample("graduate"), 2)), new JsonObject { ["graduationDate"] = "0000-01-01" }),
            SealedInputs.WithFields(Inputs.Seal(RecordKind.Service, IndexTestData.About(IndexTestData.Sample("service"), 2)), new JsonObject { ["deliveredOn"] = "2026-13-01" }),
            SealedInputs.WithFields(Inputs.Seal(RecordKind.Feedback, IndexTestData.About(IndexTestData.Sample("feedback"), 2)), new JsonObject { ["satisfaction"] = 1e20, ["respondedOn"] = 20260410 }),
        };
        await merger.MergeAsync([.. hostile.Select(Inputs.At)], TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(4L, await connection.ExecuteScalarAsync<long>("select count(*) from current_records"));
        // One follow-up kept in its place, with neither its day nor its answer.
        var p = await connection.QuerySingleAsync<(bool NoStart, int Checks, bool NoDay, bool NoAnswer)>("""
            select start_date is null, cardinality(follow_up_checked_on), follow_up_checked_on[1] is null, follow_up_still_in_place[1] is null
            from report_placement
            """);
        Assert.Equal((true, 1, true, true), p);
        Assert.Null(await connection.QuerySingleAsync<DateTime?>("select graduation_date from report_graduate"));
        Assert.Null(await connection.QuerySingleAsync<DateTime?>("select delivered_on from report_service"));
        Assert.Equal(((int?)null, (DateTime?)null), await connection.QuerySingleAsync<(int?, DateTime?)>("select satisfaction, responded_on from report_feedback"));
    }

    private static DateOnly On(JsonNode? value) => DateOnly.FromDateTime(Day(value));

    private static DateTime Day(JsonNode? value) => DateTime.Parse((string)value!, System.Globalization.CultureInfo.InvariantCulture);
}
