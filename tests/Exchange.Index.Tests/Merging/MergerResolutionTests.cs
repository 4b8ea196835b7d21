using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Index.Merging;
using Exchange.Log;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Exchange.Index.Tests.Merging;

/// <summary>The merger resolving graduates with the shipped model: joins, merges, reviews, and keys that keep people apart.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MergerResolutionTests(PostgresFixture postgres)
{
    private static readonly LinkageKeys Keys = new(SHA256.HashData("merger resolution tests"u8));
    private static readonly Lazy<Exchange.Index.Resolution.Training.ResolutionModel> Model = new(() => new ResolutionOptions().LoadModel()!);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero));
    private long _offset;

    [Fact]
    public async Task A_graduate_without_a_resident_id_joins_the_subject_of_the_same_person_with_the_evidence_of_the_link()
    {
        var database = await IndexDatabaseAsync();
        var merger = new Merger(database, _clock, Model.Value);
        await merger.MergeAsync([Next(Graduate("PKU-1", "欧阳晓雯", "4111010001", "2201210345", residentSequence: 2))], TestTimeout.Token());
        // The same graduate from a second system of the same university, without the resident id.
        var keyless = Graduate("PKU-ALUMNI-1", "欧阳晓雯", "4111010001", "2201210345", residentSequence: null);

        await merger.MergeAsync([Next(keyless)], TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(*) from subjects"));
        var link = await connection.QuerySingleAsync<(string Rule, double Score, string Evidence)>(
            "select rule, score, evidence::text from links l join record_envelope e on e.id = l.envelope_id where e.source_record_id = 'PKU-ALUMNI-1'");
        Assert.Equal("probabilistic", link.Rule);
        Assert.True(link.Score >= 0.95, $"score {link.Score}");
        using var evidence = JsonDocument.Parse(link.Evidence);
        Assert.Contains(evidence.RootElement.GetProperty("comparisons").EnumerateArray(), c => c.GetProperty("comparison").GetString() == "school");
    }

    [Fact]
    public async Task Two_graduates_with_the_same_name_and_birth_date_but_different_resident_ids_stay_two_subjects()
    {
        var database = await IndexDatabaseAsync();
        var merger = new Merger(database, _clock, Model.Value);

        await merger.MergeAsync([
            Next(Graduate("PKU-1", "王伟", "4111010001", "2201210345", residentSequence: 2)),
            Next(Graduate("SCU-1", "王伟", "4151010610", "2022141460118", residentSequence: 4)),
        ], TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("select count(*) from subjects where state = 'active'"));
    }

    [Fact]
    public async Task A_graduate_with_a_new_resident_id_never_joins_a_subject_that_holds_another_through_its_keyless_record()
    {
        var database = await IndexDatabaseAsync();
        var merger = new Merger(database, _clock, Model.Value);
        await merger.MergeAsync([Next(Graduate("PKU-1", "欧阳晓雯", "4111010001", "2201210345", residentSequence: 2))], TestTimeout.Token());
        // The alumni office's record of the same graduate, without the resident id, joins her subject.
        await merger.MergeAsync([Next(Graduate("PKU-ALUMNI-1", "欧阳晓雯", "4111010001", "2201210345", residentSequence: null))], TestTimeout.Token());

        // Every compared field agrees with the alumni record, but the resident id is another person's.
        await merger.MergeAsync([Next(Graduate("PKU-2", "欧阳晓雯", "4111010001", "2201210345", residentSequence: 4))], TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(*) from (select subject_id from subject_keys group by subject_id having count(*) > 1) as s"));
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("select count(*) from subjects where state = 'active'"));
    }

    [Fact]
    public async Task A_keyless_record_is_searched_for_by_new_keys_only_while_its_subject_holds_none()
    {
        var database = await IndexDatabaseAsync();
        var merger = new Merger(database, _clock, Model.Value);
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var alumni = Graduate("PKU-ALUMNI-1", "欧阳晓雯", "4111010001", "2201210345", residentSequence: null);
        await merger.MergeAsync([Next(alumni)], TestTimeout.Token());
        Assert.True(await SearchedByNewKeysAsync(connection, alumni.Id));

        // The university's record with her resident id joins her subject, which now holds a key.
        var university = Graduate("PKU-1", "欧阳晓雯", "4111010001", "2201210345", residentSequence: 2);
        await merger.MergeAsync([Next(university)], TestTimeout.Token());
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(*) from subjects"));
        Assert.False(await SearchedByNewKeysAsync(connection, alumni.Id));

        // A steward splits the university's record off: its key leaves with it.
        await merger.MergeAsync([Split(university.Id)], TestTimeout.Token());
        Assert.True(await SearchedByNewKeysAsync(connection, alumni.Id));

        // So a graduate with another resident id may join the alumni record's subject again.
        var another = Graduate("PKU-2", "欧阳晓雯", "4111010001", "2201210345", residentSequence: 4);
        await merger.MergeAsync([Next(another)], TestTimeout.Token());
        Assert.Equal(await SubjectOfAsync(connection, alumni.Id), await SubjectOfAsync(connection, another.Id));
        Assert.False(await SearchedByNewKeysAsync(connection, alumni.Id));

        // A steward splits the alumni record off: its new subject holds no key.
        await merger.MergeAsync([Split(alumni.Id)], TestTimeout.Token());
        Assert.NotEqual(await SubjectOfAsync(connection, alumni.Id), await SubjectOfAsync(connection, another.Id));
        Assert.True(await SearchedByNewKeysAsync(connection, alumni.Id));
    }

    [Fact]
    public async Task An_index_written_under_another_model_is_read_again_before_a_graduate_is_compared_with_it()
    {
        // The shipped model before it compared cohorts: seven fields where the model in use has eight.
        var older = ModelWithoutCohort();
        var database = await IndexDatabaseAsync();
        var alumni = Graduate("PKU-ALUMNI-1", "欧阳晓雯", "4111010001", "2201210345", residentSequence: null);
        await new Merger(database, _clock, older).MergeAsync([Next(alumni)], TestTimeout.Token());
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(7, await connection.ExecuteScalarAsync<int>("select cardinality(field_values) from resolution_records"));

        // The hub restarts with the model in use; her university's record arrives with her resident id.
        var university = Graduate("PKU-1", "欧阳晓雯", "4111010001", "2201210345", residentSequence: 2);
        await new Merger(database, _clock, Model.Value).MergeAsync([Next(university)], TestTimeout.Token());

        Assert.Equal(await SubjectOfAsync(connection, alumni.Id), await SubjectOfAsync(connection, university.Id));
        // What is stored is what an index built under the model in use from the start holds.
        var fresh = await IndexDatabaseAsync();
        await new Merger(fresh, _clock, Model.Value).MergeAsync([Next(alumni), Next(university)], TestTimeout.Token());
        await using var freshConnection = await fresh.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(await StoredForResolutionAsync(freshConnection), await StoredForResolutionAsync(connection));
        Assert.Equal(
            await freshConnection.ExecuteScalarAsync<string>("select fingerprint from resolution_model"),
            await connection.ExecuteScalarAsync<string>("select fingerprint from resolution_model"));
    }

    private static Exchange.Index.Resolution.Training.ResolutionModel ModelWithoutCohort()
    {
        var json = JsonNode.Parse(Model.Value.ToJson())!.AsObject();
        static void Drop(JsonArray array, string name) => array.Remove(array.Single(n => (string?)n!["name"] == name));
        Drop(json["settings"]!["fields"]!.AsArray(), "cohort");
        Drop(json["settings"]!["comparisons"]!.AsArray(), "cohort");
        Drop(json["comparisons"]!.AsArray(), "cohort");
        return Exchange.Index.Resolution.Training.ResolutionModel.FromJson(json.ToJsonString());
    }

    /// <summary>Each record's stored values and its blocking keys with whether its subject held a key, by source record.</summary>
    private static async Task<string> StoredForResolutionAsync(NpgsqlConnection connection) =>
        string.Join("\n", await connection.QueryAsync<string>("""
            select e.source_record_id || ' ' || array_to_string(r.field_values, '|', '-') || ' '
              || (select string_agg(k.block_key::text || ':' || k.subject_keyless::text, ',' order by k.block_key) from resolution_keys k where k.envelope_id = r.envelope_id)
            from resolution_records r join record_envelope e on e.id = r.envelope_id
            order by e.source_record_id
            """));

    [Fact]
    public async Task When_a_record_proves_two_subjects_are_one_they_merge_into_the_older_and_a_key_change_event_says_so()
    {
        var database = await IndexDatabaseAsync();
        var merger = new Merger(database, _clock, Model.Value);
        // Two keyless records of one person from two universities share only the name and birth date: two subjects.
        await merger.MergeAsync([Next(Graduate("PKU-1", "欧阳晓雯", "4111010001", "2201210345", residentSequence: null, phone: "13800138000"))], TestTimeout.Token());
        await merger.MergeAsync([Next(Graduate("SCU-1", "欧阳晓雯", "4151010610", "2022141460118", residentSequence: null, phone: "13900139000", region: "510104"))], TestTimeout.Token());
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var before = (await connection.QueryAsync<long>("select subject_id from subjects order by 1")).ToList();
        Assert.Equal(2, before.Count);

        // A third carries the first one's student number and the second one's phone.
        await merger.MergeAsync([Next(Graduate("PKU-2", "欧阳晓雯", "4111010001", "2201210345", residentSequence: null, phone: "13900139000"))], TestTimeout.Token());

        Assert.Equal([before[0]], await connection.QueryAsync<long>("select subject_id from subjects where state = 'active'"));
        Assert.Equal(before[0], await connection.ExecuteScalarAsync<long>("select merged_into from subjects where subject_id = @Id", new { Id = before[1] }));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>(
            "select count(*) from index_changes where kind = 'subject.merged' and subject_id = @Into and from_subject_id = @From", new { Into = before[0], From = before[1] }));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(*) from current_records where subject_id <> @Id", new { Id = before[0] }));
    }

    [Fact]
    public async Task A_pair_between_the_thresholds_gets_a_subject_of_its_own_and_a_review()
    {
        var database = await IndexDatabaseAsync();
        var merger = new Merger(database, _clock, Model.Value);
        await merger.MergeAsync([Next(Graduate("PKU-1", "欧阳晓雯", "4111010001", "2201210345", residentSequence: null, phone: "13800138000"))], TestTimeout.Token());
        // Another university's record: the same name, a birth date one digit off, a neighbouring district, another phone.
        await merger.MergeAsync([Next(Graduate("SCU-1", "欧阳晓雯", "4151010610", "2022141460118", residentSequence: null, phone: "13900139000", region: "410105",
            birthDate: "2003-04-13"))], TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var review = await connection.QuerySingleAsync<(long SubjectId, long CandidateSubjectId, double MatchProbability, string State)>(
            "select subject_id, candidate_subject_id, match_probability, state from reviews");
        Assert.Equal("open", review.State);
        Assert.InRange(review.MatchProbability, 0.5, 0.95);
        Assert.NotEqual(review.SubjectId, review.CandidateSubjectId);
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(*) from index_changes where kind = 'review.opened'"));
    }

    [Fact]
    public async Task A_review_reads_the_values_the_resolver_compared_of_each_record_by_field_of_the_settings()
    {
        var database = await IndexDatabaseAsync();
        var merger = new Merger(database, _clock, Model.Value);
        await merger.MergeAsync([Next(Graduate("PKU-2", "欧阳晓雯", "4111010001", "2201210345", residentSequence: null, phone: "13800138000"))], TestTimeout.Token());
        await merger.MergeAsync([Next(Graduate("SCU-2", "欧阳晓雯", "4151010610", "2022141460118", residentSequence: null, phone: "13900139000", region: "410105",
            birthDate: "2003-04-13"))], TestTimeout.Token());
        var reviews = new Exchange.Index.Queries.IndexReviews(database);
        var review = Assert.Single(await reviews.ListAsync("open", 0, 10, TestTimeout.Token()));

        var record = (await reviews.GetComparedValuesAsync(review.EnvelopeId, TestTimeout.Token()))!;
        var candidate = (await reviews.GetComparedValuesAsync(review.CandidateEnvelopeId, TestTimeout.Token()))!;

        var fields = Model.Value.Schema.FieldNames.ToList();
        Assert.Equal(fields.Count, record.Count);
        Assert.Equal(("13900139000", "13800138000"), (record[fields.IndexOf("phone")], candidate[fields.IndexOf("phone")]));
        Assert.Equal(("410105", "欧阳晓雯"), (record[fields.IndexOf("region")], candidate[fields.IndexOf("name")]));
        Assert.Null(await reviews.GetComparedValuesAsync(Guid.NewGuid(), TestTimeout.Token()));
    }

    private MergeInput Split(Guid envelopeId) =>
        new(new LogPosition(Topics.IndexDecisions, 0, _offset++), null,
            new StewardDecision(StewardDecision.Actions.SplitLink, envelopeId, null, "12100000400000624D", "steward-console", _clock.GetUtcNow()));

    private static Task<long> SubjectOfAsync(NpgsqlConnection connection, Guid envelopeId) =>
        connection.ExecuteScalarAsync<long>("select subject_id from links where envelope_id = @EnvelopeId", new { EnvelopeId = envelopeId });

    // Whether the record's blocking keys offer it to a graduate with a new linkage key, after checking
    // that every key of the index says so exactly when the record's subject holds no key.
    private static async Task<bool> SearchedByNewKeysAsync(NpgsqlConnection connection, Guid envelopeId)
    {
        Assert.Equal(0L, await IndexTestData.KeysMisstatingSubjectKeylessAsync(connection));
        var flags = (await connection.QueryAsync<bool>("select subject_keyless from resolution_keys where envelope_id = @EnvelopeId",
            new { EnvelopeId = envelopeId })).Distinct().ToList();
        return Assert.Single(flags);
    }

    private MergeInput Next(Core.Envelope.RecordEnvelope envelope) =>
        new(new LogPosition(Topics.For(envelope.Kind), 0, _offset++), envelope);

    private Task<NpgsqlDataSource> IndexDatabaseAsync() => IndexTestData.MigratedIndexAsync(postgres);

    private Core.Envelope.RecordEnvelope Graduate(string recordId, string name, string institution, string studentId, int? residentSequence,
        string? phone = "13800138000", string region = "410102", string birthDate = "2003-04-12")
    {
        var graduate = IndexTestData.Graduate(recordId, name, institution, studentId, residentSequence, phone, region, birthDate);
        _clock.Advance(TimeSpan.FromSeconds(1));
        return new Pseudonymiser(Keys, _clock).Seal(RecordJson.Deserialize(RecordKind.Graduate, JsonSerializer.SerializeToUtf8Bytes(graduate)), RecordKind.Graduate, "12100000400000624D");
    }
}
