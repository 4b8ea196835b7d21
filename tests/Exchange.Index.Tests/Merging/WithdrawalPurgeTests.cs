using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Exchange.Access;
using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Core.Envelope;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Index.Merging;
using Exchange.Log;
using Exchange.Postgres;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Exchange.Index.Tests.Merging;

/// <summary>
/// Erase on withdrawal over a real PostgreSQL holding the index and the access part's agreements,
/// as the hub's database does.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WithdrawalPurgeTests(PostgresFixture postgres)
{
    private const string University = "12100000400000624D";
    private const string OtherUniversity = "12510000450716584C";
    private const string Bureau = "11410000005184201M";
    private static readonly LinkageKeys Keys = new(SHA256.HashData("withdrawal purge tests"u8));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_withdrawal_under_an_erasing_agreement_purges_the_disability_fields_from_every_version_and_the_record_in_force()
    {
        var database = await DatabaseAsync();
        await AgreeAsync(database, WithdrawalTerm.Erase, [DataCategory.Disability]);
        var merger = new Merger(database, _clock);
        var (given, withdrawn) = DisabilityConsent("CON-1", 2);
        var inputs = new List<RecordEnvelope>
        {
            Seal(RecordKind.Graduate, Graduate("G-1", 2, "会计学"), University),
            Seal(RecordKind.Certification, DisabilityCertification("C-D", 2), Bureau),
            Seal(RecordKind.Certification, HardshipCertification("C-H", 2), Bureau),
            given,
        };
        _clock.Advance(TimeSpan.FromHours(1));
        inputs.Add(Seal(RecordKind.Graduate, Graduate("G-1", 2, "审计学"), University));
        _clock.Advance(TimeSpan.FromDays(1));
        inputs.Add(withdrawn(_clock.GetUtcNow()));

        await merger.MergeAsync(Positions(inputs), TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(*) from record_envelope where record ? 'accommodationNeeds'"));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(*) from current_records where record ? 'accommodationNeeds'"));
        // Only disability was agreed to be erased: the hardship flags and certification stay.
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("select count(*) from record_envelope where record ? 'hardshipFlags'"));
        Assert.Equal("审计学", await connection.ExecuteScalarAsync<string>("select record->>'majorName' from graduates"));
        Assert.Equal(["C-H"], await connection.QueryAsync<string>("select source_record_id from certifications"));
        Assert.Equal("""{"recordId": "C-D"}""", await connection.ExecuteScalarAsync<string>("select record::text from record_envelope where source_record_id = 'C-D'"));
        var purged = await connection.QuerySingleAsync<(long SubjectId, Guid EnvelopeId)>("select subject_id, envelope_id from index_changes where kind = 'subject.purged'");
        Assert.Equal(inputs[^1].Id, purged.EnvelopeId);
        Assert.Equal(await connection.ExecuteScalarAsync<long>("select subject_id from subject_keys"), purged.SubjectId);
        // Linkage survives the purge: every version is still linked to the subject.
        Assert.Equal(6L, await connection.ExecuteScalarAsync<long>("select count(*) from links where subject_id = @SubjectId", new { purged.SubjectId }));
    }

    [Fact]
    public async Task A_withdrawal_under_a_retaining_agreement_leaves_the_sensitive_fields_in_the_index()
    {
        var database = await DatabaseAsync();
        await AgreeAsync(database, WithdrawalTerm.Retain, [DataCategory.Disability]);
        var merger = new Merger(database, _clock);
        var (given, withdrawn) = DisabilityConsent("CON-1", 4);
        var graduate = Seal(RecordKind.Graduate, Graduate("G-1", 4, "会计学"), University);
        var certification = Seal(RecordKind.Certification, DisabilityCertification("C-D", 4), Bureau);
        _clock.Advance(TimeSpan.FromDays(1));

        await merger.MergeAsync(Positions([graduate, certification, given, withdrawn(_clock.GetUtcNow())]), TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(*) from current_records where record ? 'accommodationNeeds'"));
        Assert.Equal("2", await connection.ExecuteScalarAsync<string>("select record->>'disabilityGrade' from certifications"));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(*) from index_changes where kind = 'subject.purged'"));
    }

    [Fact]
    public async Task A_version_sent_after_the_withdrawal_does_not_bring_the_purged_fields_back()
    {
        var database = await DatabaseAsync();
        await AgreeAsync(database, WithdrawalTerm.Erase, [DataCategory.Disability, DataCategory.Hardship]);
        var merger = new Merger(database, _clock);
        var (given, withdrawn) = DisabilityConsent("CON-1", 6);
        var older = Seal(RecordKind.Graduate, Graduate("G-1", 6, "会计学"), University);
        _clock.Advance(TimeSpan.FromDays(1));
        await merger.MergeAsync(Positions([given, withdrawn(_clock.GetUtcNow())]), TestTimeout.Token());
        _clock.Advance(TimeSpan.FromDays(1));
        var newer = Seal(RecordKind.Graduate, Graduate("G-1", 6, "审计学"), University);
        var certification = Seal(RecordKind.Certification, DisabilityCertification("C-D", 6), Bureau);

        // The newer version first, then the older one arriving late: neither may keep the fields.
        await merger.MergeAsync(Positions([newer, certification, older], from: 2), TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(*) from record_envelope where record ? 'accommodationNeeds'"));
        Assert.Equal("审计学", await connection.ExecuteScalarAsync<string>("select record->>'majorName' from graduates"));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(*) from certifications"));
        Assert.Equal("""{"recordId": "C-D"}""", await connection.ExecuteScalarAsync<string>("select record::text from record_envelope where source_record_id = 'C-D'"));
    }

    [Fact]
    public async Task A_version_sent_after_consent_is_given_again_keeps_its_fields()
    {
        var database = await DatabaseAsync();
        await AgreeAsync(database, WithdrawalTerm.Erase, [DataCategory.Disability]);
        var merger = new Merger(database, _clock);
        var (given, withdrawn) = DisabilityConsent("CON-1", 8);
        _clock.Advance(TimeSpan.FromDays(1));
        await merger.MergeAsync(Positions([given, withdrawn(_clock.GetUtcNow())]), TestTimeout.Token());
        _clock.Advance(TimeSpan.FromDays(1));
        var again = Consent("CON-1", 8, ["disability"]);
        again["givenAt"] = Instant(_clock.GetUtcNow());

        await merger.MergeAsync(Positions([Seal(RecordKind.Consent, again, University), Seal(RecordKind.Graduate, Graduate("G-1", 8, "会计学"), University)], from: 2),
            TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(*) from current_records where record ? 'accommodationNeeds'"));
    }

    [Fact]
    public async Task An_erasing_agreement_naming_a_provider_purges_only_that_providers_records()
    {
        var database = await DatabaseAsync();
        await AgreeAsync(database, WithdrawalTerm.Erase, [DataCategory.Disability], provider: OtherUniversity);
        var merger = new Merger(database, _clock);
        var (given, withdrawn) = DisabilityConsent("CON-1", 10);
        var ours = Seal(RecordKind.Graduate, Graduate("G-1", 10, "会计学"), University);
        var theirs = Seal(RecordKind.Graduate, Graduate("G-2", 10, "会计学"), OtherUniversity);
        _clock.Advance(TimeSpan.FromDays(1));

        await merger.MergeAsync(Positions([ours, theirs, given, withdrawn(_clock.GetUtcNow())]), TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal([University], await connection.QueryAsync<string>("select source_organisation from graduates where record ? 'accommodationNeeds'"));
    }

    [Fact]
    public async Task An_erasing_agreement_recorded_after_the_withdrawal_does_not_reach_back_to_it()
    {
        var database = await DatabaseAsync();
        var merger = new Merger(database, _clock);
        var (given, withdrawn) = DisabilityConsent("CON-1", 12);
        var graduate = Seal(RecordKind.Graduate, Graduate("G-1", 12, "会计学"), University);
        _clock.Advance(TimeSpan.FromDays(1));
        var withdrawal = withdrawn(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromHours(1));
        await AgreeAsync(database, WithdrawalTerm.Erase, [DataCategory.Disability]);

        // Merged after the agreement was recorded, as a replay would be: the withdrawal is judged when it was received.
        await merger.MergeAsync(Positions([graduate, given, withdrawal]), TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(*) from current_records where record ? 'accommodationNeeds'"));
    }

    [Fact]
    public async Task Merging_in_batches_purges_the_same_as_replaying_the_log_into_an_empty_index()
    {
        // Both indexes share the agreements' history, recorded before any withdrawal.
        var batched = await DatabaseAsync();
        await AgreeAsync(batched, WithdrawalTerm.Erase, [DataCategory.Disability]);
        var replayed = await DatabaseAsync();
        await AgreeAsync(replayed, WithdrawalTerm.Erase, [DataCategory.Disability]);
        var inputs = new List<RecordEnvelope>();
        var withdrawals = new List<RecordEnvelope>();
        for (var person = 20; person < 26; person++)
        {
            var (given, withdrawn) = DisabilityConsent($"CON-{person}", person);
            inputs.Add(Seal(RecordKind.Graduate, Graduate($"G-{person}", person, "会计学"), University));
            inputs.Add(Seal(RecordKind.Certification, DisabilityCertification($"C-{person}", person), Bureau));
            inputs.Add(given);
            if (person % 2 == 0)
                withdrawals.Add(withdrawn(_clock.GetUtcNow().AddDays(1)));
        }
        _clock.Advance(TimeSpan.FromDays(1));
        inputs.AddRange(withdrawals.Select(w => w with { ReceivedAt = _clock.GetUtcNow() }));
        _clock.Advance(TimeSpan.FromDays(1));
        inputs.AddRange(Enumerable.Range(20, 6).Select(person => Seal(RecordKind.Graduate, Graduate($"G-{person}", person, "审计学"), University)));
        var log = Positions(inputs);

        var merger = new Merger(batched, _clock);
        foreach (var chunk in log.Chunk(5))
        {
            await merger.MergeAsync(chunk, TestTimeout.Token());
            await merger.MergeAsync(chunk, TestTimeout.Token());
        }
        await new Merger(replayed, _clock).MergeAsync(log, TestTimeout.Token());

        Assert.Equal(await RecordsDumpAsync(replayed), await RecordsDumpAsync(batched));
        await using var connection = await replayed.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(3L, await connection.ExecuteScalarAsync<long>("select count(*) from index_changes where kind = 'subject.purged'"));
        Assert.Equal(3L, await connection.ExecuteScalarAsync<long>("select count(*) from current_records where record ? 'accommodationNeeds'"));
    }

    // Every stored version and every record in force, by source record: what a purge changes.
    private static async Task<string> RecordsDumpAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var versions = await connection.QueryAsync<string>(
            "select source_organisation || '/' || source_record_id || '/' || content_hash || '/' || record::text from record_envelope order by 1");
        var current = await connection.QueryAsync<string>(
            "select kind || '/' || source_organisation || '/' || source_record_id || '/' || record::text from current_records order by 1");
        return string.Join('\n', versions) + "\n--\n" + string.Join('\n', current);
    }

    // The hub's database: the index in public and the access part in its own schema, both on the search path.
    private async Task<NpgsqlDataSource> DatabaseAsync()
    {
        var created = await postgres.CreateDatabaseAsync(TestTimeout.Token());
        var name = new NpgsqlConnectionStringBuilder(created.ConnectionString).Database!;
        var database = ExchangeDatabase.Create(postgres.Server.ConnectionStringFor(name), [IndexSchema.Part, AccessSchema.Part]);
        await IndexSchema.Part.MigrateAsync(database, NullLogger.Instance, TestTimeout.Token());
        await AccessSchema.Part.MigrateAsync(database, NullLogger.Instance, TestTimeout.Token());
        return database;
    }

    private Task AgreeAsync(NpgsqlDataSource database, WithdrawalTerm onWithdrawal, DataCategory[] categories, string? provider = null) =>
        new AgreementStore(database, _clock).CreateAsync(new AgreementTerms(provider, Grantee.OfRole(PartyRole.Employer),
            categories.ToHashSet(), new HashSet<Purpose> { Purpose.Matching }, new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31), "省人社厅批复", onWithdrawal),
            "steward", TestTimeout.Token());

    private static List<MergeInput> Positions(IEnumerable<RecordEnvelope> envelopes, long from = 0) =>
        [.. envelopes.Select((envelope, i) => new MergeInput(new LogPosition(Topics.For(envelope.Kind), 0, from + i), envelope))];

    private RecordEnvelope Seal(RecordKind kind, JsonObject record, string sender) =>
        new Pseudonymiser(Keys, _clock).Seal(RecordJson.Deserialize(kind, JsonSerializer.SerializeToUtf8Bytes(record)), kind, sender);

    /// <summary>A separate disability consent to employers for matching, and its withdrawal at a given instant.</summary>
    private (RecordEnvelope Given, Func<DateTimeOffset, RecordEnvelope> Withdrawn) DisabilityConsent(string recordId, int sequence)
    {
        var consent = Consent(recordId, sequence, ["disability"]);
        var given = Seal(RecordKind.Consent, consent, University);
        return (given, at =>
        {
            var withdrawn = consent.DeepClone().AsObject();
            withdrawn["status"] = "withdrawn";
            withdrawn["withdrawnAt"] = Instant(at);
            return Seal(RecordKind.Consent, withdrawn, University) with { ReceivedAt = at };
        });
    }

    private static JsonObject Consent(string recordId, int sequence, string[] categories)
    {
        var consent = IndexTestData.Sample("consent");
        consent["recordId"] = recordId;
        consent["residentId"] = IndexTestData.ResidentIdFor(sequence);
        consent["grantee"] = new JsonObject { ["role"] = "employer" };
        consent["purposes"] = new JsonArray("matching");
        consent["dataCategories"] = new JsonArray([.. categories.Select(c => (JsonNode?)c)]);
        return consent;
    }

    private static JsonObject Graduate(string recordId, int sequence, string major)
    {
        var graduate = IndexTestData.Sample("graduate");
        graduate["recordId"] = recordId;
        graduate["residentId"] = IndexTestData.ResidentIdFor(sequence);
        graduate["majorName"] = major;
        graduate["accommodationNeeds"] = new JsonArray("无障碍通道");
        return graduate;
    }

    private static JsonObject DisabilityCertification(string recordId, int sequence)
    {
        var certification = HardshipCertification(recordId, sequence);
        certification["certificationType"] = "disability";
        certification["disabilityCategory"] = "physical";
        certification["disabilityGrade"] = "2";
        return certification;
    }

    private static JsonObject HardshipCertification(string recordId, int sequence)
    {
        var certification = IndexTestData.Sample("certification");
        certification["recordId"] = recordId;
        certification["residentId"] = IndexTestData.ResidentIdFor(sequence);
        return certification;
    }

    private static string Instant(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
