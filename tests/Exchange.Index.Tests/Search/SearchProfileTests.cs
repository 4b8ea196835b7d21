using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dapper;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Index.Merging;
using Exchange.Index.Search;
using Exchange.Index.Tests.Merging;
using Exchange.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Exchange.Index.Tests.Search;

/// <summary>
/// graduate_profile, graduate_certification and vacancy_profile follow what the merger writes, in
/// its transaction: a graduate merged, updated, placed, certified, merged with another subject,
/// split off and deleted; a vacancy assigned to its job.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchProfileTests(PostgresFixture postgres)
{
    private static readonly LinkageKeys Keys = new(SHA256.HashData("search profile tests"u8));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero));
    private SealedInputs? _inputs;

    private SealedInputs Inputs => _inputs ??= new(Keys, _clock, "12100000400000624D");

    [Fact]
    public async Task A_merged_graduate_gets_a_profile_and_a_newer_version_replaces_its_fields()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var merger = new Merger(database, _clock);
        await merger.MergeAsync([Inputs.Next(RecordKind.Graduate, Graduate("G-1", 2, "410102", "21", "120203K", ["Excel"]))], TestTimeout.Token());

        var first = await ProfileAsync(database);
        Assert.Equal(("410102", "21", "120203K", "1202", 2026, false), (first.OriginRegion, first.EducationLevel, first.MajorCode, first.MajorGroup, first.Cohort, first.Placed));
        Assert.Equal(["Excel"], first.Skills);
        Assert.Equal(Keys.KeyFor(IndexTestData.ResidentIdFor(2)), first.SubjectKey);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await merger.MergeAsync([Inputs.Next(RecordKind.Graduate, Graduate("G-1", 2, "410305", "31", "080901", ["Python", "SQL"]))], TestTimeout.Token());

        var second = await ProfileAsync(database);
        Assert.Equal(first.SubjectId, second.SubjectId);
        Assert.Equal(("410305", "31", "080901", "0809"), (second.OriginRegion, second.EducationLevel, second.MajorCode, second.MajorGroup));
        Assert.Equal(["Python", "SQL"], second.Skills);
    }

    [Fact]
    public async Task A_placement_marks_the_graduate_placed_and_an_active_certification_is_typed_for_eligibility()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var merger = new Merger(database, _clock);
        await merger.MergeAsync([Inputs.Next(RecordKind.Graduate, Graduate("G-1", 2, "410102", "21", "120203K", []))], TestTimeout.Token());
        var placement = IndexTestData.Sample("placement");
        placement["residentId"] = IndexTestData.ResidentIdFor(2);
        placement["destinationCode"] = "70";
        await merger.MergeAsync([Inputs.Next(RecordKind.Placement, placement)], TestTimeout.Token());
        Assert.False((await ProfileAsync(database)).Placed);

        _clock.Advance(TimeSpan.FromMinutes(1));
        placement["destinationCode"] = "11";
        var certification = IndexTestData.Sample("certification");
        certification["residentId"] = IndexTestData.ResidentIdFor(2);
        await merger.MergeAsync([Inputs.Next(RecordKind.Placement, placement), Inputs.Next(RecordKind.Certification, certification)], TestTimeout.Token());

        Assert.True((await ProfileAsync(database)).Placed);
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal((string)certification["certificationType"]!, await connection.ExecuteScalarAsync<string>("select certification_type from graduate_certification"));
    }

    [Fact]
    public async Task Profiles_follow_a_merge_of_subjects_a_split_and_a_delete()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var merger = new Merger(database, _clock);
        var placement = IndexTestData.Sample("placement");
        placement["residentId"] = IndexTestData.ResidentIdFor(4);
        placement["destinationCode"] = "11";
        await merger.MergeAsync([Inputs.Next(RecordKind.Graduate, Graduate("G-1", 2, "410102", "21", "120203K", [])), Inputs.Next(RecordKind.Placement, placement)],
            TestTimeout.Token());
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var subjects = (await connection.QueryAsync<long>("select subject_id from subjects order by subject_id")).ToArray();
        Assert.Equal(2, subjects.Length);
        Assert.False((await ProfileAsync(database)).Placed);

        // The statements the merger runs to merge two subjects: the placement's subject joins the graduate's.
        await using (var transaction = await connection.BeginTransactionAsync(TestTimeout.Token()))
        {
            await SubjectOperations.MergeAsync(connection, transaction, subjects, _clock.GetUtcNow().UtcDateTime, TestTimeout.Token());
            await transaction.CommitAsync(TestTimeout.Token());
        }
        Assert.True((await ProfileAsync(database)).Placed);

        // A split moves the placement to a subject of its own (as a steward's split does).
        var split = await connection.ExecuteScalarAsync<long>("insert into subjects (created_at, updated_at) values (now(), now()) returning subject_id");
        await connection.ExecuteAsync("update current_records set subject_id = @Split where kind = 'placement'", new { Split = split });
        Assert.False((await ProfileAsync(database)).Placed);

        await connection.ExecuteAsync("delete from current_records where kind = 'graduate'");
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(*) from graduate_profile"));
    }

    [Fact]
    public async Task A_vacancy_assigned_to_its_job_gets_one_profile_per_job_with_the_channels_that_announced_it()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var merger = new Merger(database, _clock);
        var vacancy = IndexTestData.Sample("vacancy");
        await merger.MergeAsync([Inputs.Next(RecordKind.Vacancy, vacancy)], TestTimeout.Token());
        _clock.Advance(TimeSpan.FromMinutes(1));
        vacancy["skills"] = new JsonArray("Java", "SQL");
        await merger.MergeAsync([Inputs.Next(RecordKind.Vacancy, vacancy)], TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var row = await connection.QuerySingleAsync<(long JobId, string[] Skills, string[] Channels, string WorkRegion)>(
            "select job_id, skills, channels, work_region::text from vacancy_profile");
        Assert.Equal(["Java", "SQL"], row.Skills);
        Assert.Equal((string)vacancy["workRegion"]!, row.WorkRegion);
        Assert.Single(row.Channels);

        var page = await new VacancySearch(database).SearchAsync(new VacancyFilter(Skills: ["SQL"], ValidOn: DateOnly.Parse((string)vacancy["validFrom"]!, System.Globalization.CultureInfo.InvariantCulture)),
            0, 10, TestTimeout.Token());
        Assert.Equal(row.JobId, Assert.Single(page.Hits).JobId);
    }

    [Fact]
    public async Task A_record_put_on_a_topic_with_values_a_profile_cannot_read_is_merged_and_does_not_stop_the_merger()
    {
        // Anyone who may write to a record topic can put there a document no validation saw. A cast
        // that fails inside the profiles' trigger would fail every merge of the batch, again and again.
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var merger = new Merger(database, _clock);
        var placement = IndexTestData.Sample("placement");
        placement["residentId"] = IndexTestData.ResidentIdFor(2);
        var certification = IndexTestData.Sample("certification");
        certification["residentId"] = IndexTestData.ResidentIdFor(2);
        var endless = IndexTestData.Sample("certification");
        endless["residentId"] = IndexTestData.ResidentIdFor(2);
        endless["recordId"] = "CERT-ENDLESS";
        var hostile = new[]
        {
            SealedInputs.WithFields(Inputs.Seal(RecordKind.Graduate, Graduate("G-1", 2, "410102", "21", "120203K", [])),
                new JsonObject { ["cohort"] = 1e20, ["preferences"] = new JsonObject { ["minMonthlyPay"] = 2.5 } }),
            SealedInputs.WithFields(Inputs.Seal(RecordKind.Placement, placement), new JsonObject { ["destinationCode"] = "76", ["signedStatement"] = "yes" }),
            SealedInputs.WithFields(Inputs.Seal(RecordKind.Certification, certification), new JsonObject { ["validFrom"] = "2026-02-30" }),
            // An end that cannot be read is no open end: the certification grants nothing.
            SealedInputs.WithFields(Inputs.Seal(RecordKind.Certification, endless), new JsonObject { ["validThrough"] = "until further notice" }),
            SealedInputs.WithFields(Inputs.Seal(RecordKind.Vacancy, IndexTestData.Sample("vacancy")),
                new JsonObject { ["payMin"] = 1e20, ["payMax"] = -3e10, ["positions"] = 1.5 }),
        };
        await merger.MergeAsync([.. hostile.Select(Inputs.At)], TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(5L, await connection.ExecuteScalarAsync<long>("select count(*) from current_records"));
        var graduate = await connection.QuerySingleAsync<(int? Cohort, int? MinMonthlyPay, bool Placed)>(
            "select cohort, min_monthly_pay, placed from graduate_profile");
        Assert.Equal(((int?)null, (int?)null, false), graduate);
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(*) from graduate_certification"));
        var vacancy = await connection.QuerySingleAsync<(int? PayMin, int? PayMax, int? Positions)>("select pay_min, pay_max, positions from vacancy_profile");
        Assert.Equal(((int?)null, (int?)null, (int?)null), vacancy);
    }

    private async Task<Profile> ProfileAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        return await connection.QuerySingleAsync<Profile>("""
            select subject_id as SubjectId, subject_key as SubjectKey, origin_region as OriginRegion, education_level as EducationLevel,
                   major_code as MajorCode, major_group as MajorGroup, cohort as Cohort, skills as Skills, placed as Placed
            from graduate_profile
            """);
    }

    // Dapper fills properties by name; a constructor would have to match the column types exactly.
    private sealed class Profile
    {
        public long SubjectId { get; init; }
        public string? SubjectKey { get; init; }
        public string? OriginRegion { get; init; }
        public string? EducationLevel { get; init; }
        public string? MajorCode { get; init; }
        public string? MajorGroup { get; init; }
        public int? Cohort { get; init; }
        public string[] Skills { get; init; } = [];
        public bool Placed { get; init; }
    }

    private static JsonObject Graduate(string recordId, int sequence, string region, string level, string major, string[] skills)
    {
        var graduate = IndexTestData.Sample("graduate");
        graduate["recordId"] = recordId;
        graduate["residentId"] = IndexTestData.ResidentIdFor(sequence);
        graduate["originRegion"] = region;
        graduate["educationLevel"] = level;
        graduate["majorCode"] = major;
        graduate["skills"] = new JsonArray([.. skills.Select(s => (JsonNode)s)]);
        return graduate;
    }

}
