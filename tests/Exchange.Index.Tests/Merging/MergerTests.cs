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

/// <summary>The merger over a real PostgreSQL: subjects by linkage key, versions, duplicates, redelivery and replay.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MergerTests(PostgresFixture postgres)
{
    private static readonly LinkageKeys Keys = new(SHA256.HashData("merger tests"u8));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Records_of_one_linkage_key_join_one_subject_and_the_latest_version_is_in_force()
    {
        var database = await IndexDatabaseAsync();
        var merger = new Merger(database, _clock);
        var graduate = Seal(RecordKind.Graduate, Graduate("G-1", 2, "会计学"));
        var certification = Seal(RecordKind.Certification, Certification("C-1", 2));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var newer = Seal(RecordKind.Graduate, Graduate("G-1", 2, "审计学"));

        var result = await merger.MergeAsync([At(0, graduate), At(1, certification), At(2, newer)], TestTimeout.Token());

        Assert.Equal((3, 0, 0, 1), (result.Merged, result.Duplicates, result.AlreadyMerged, result.SubjectsCreated));
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(*) from subjects"));
        Assert.Equal(3L, await connection.ExecuteScalarAsync<long>("select count(distinct envelope_id) from links"));
        Assert.Equal("审计学", await connection.ExecuteScalarAsync<string>("select record->>'majorName' from graduates"));
        Assert.Equal(["record.linked", "record.linked", "record.linked", "subject.created"],
            (await connection.QueryAsync<string>("select kind from index_changes")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_older_version_arriving_late_never_replaces_the_one_in_force_and_a_resent_one_is_a_duplicate()
    {
        var database = await IndexDatabaseAsync();
        var merger = new Merger(database, _clock);
        var older = Seal(RecordKind.Graduate, Graduate("G-1", 4, "会计学"));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var newer = Seal(RecordKind.Graduate, Graduate("G-1", 4, "审计学"));

        await merger.MergeAsync([At(0, newer)], TestTimeout.Token());
        var late = await merger.MergeAsync([At(1, older), At(2, newer with { Id = Guid.NewGuid() })], TestTimeout.Token());

        Assert.Equal((1, 1), (late.Merged, late.Duplicates));
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal("审计学", await connection.ExecuteScalarAsync<string>("select record->>'majorName' from graduates"));
    }

    [Fact]
    public async Task A_withdrawn_consent_writes_a_consent_withdrawn_change_for_its_subject()
    {
        var database = await IndexDatabaseAsync();
        var merger = new Merger(database, _clock);
        var consent = IndexTestData.Sample("consent");
        consent["residentId"] = IndexTestData.ResidentIdFor(2);
        var given = Seal(RecordKind.Consent, consent);
        _clock.Advance(TimeSpan.FromDays(1));
        consent["status"] = "withdrawn";
        consent["withdrawnAt"] = _clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var withdrawn = Seal(RecordKind.Consent, consent);

        await merger.MergeAsync([At(0, given), At(1, withdrawn)], TestTimeout.Token());

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var change = await connection.QuerySingleAsync<(long SubjectId, Guid EnvelopeId)>("select subject_id, envelope_id from index_changes where kind = 'consent.withdrawn'");
        Assert.Equal(withdrawn.Id, change.EnvelopeId);
        Assert.Equal(await connection.ExecuteScalarAsync<long>("select subject_id from subject_keys"), change.SubjectId);
    }

    [Fact]
    public async Task Merging_in_batches_with_redeliveries_gives_the_same_index_as_replaying_everything_into_an_empty_one()
    {
        var inputs = Enumerable.Range(0, 40)
            .Select(i => i % 3 == 0 ? Seal(RecordKind.Certification, Certification($"C-{i}", 2 * (i % 7))) : Seal(RecordKind.Graduate, Graduate($"G-{i}", 2 * (i % 7), $"专业{i % 5}")))
            .Select((envelope, offset) => At(offset, envelope))
            .ToList();

        var batched = await IndexDatabaseAsync();
        var merger = new Merger(batched, _clock);
        foreach (var chunk in inputs.Chunk(7))
        {
            await merger.MergeAsync(chunk, TestTimeout.Token());
            // A consumer that crashed after the index committed but before the log did gets the chunk again.
            var again = await merger.MergeAsync(chunk, TestTimeout.Token());
            Assert.Equal(chunk.Length, again.AlreadyMerged);
        }

        var replayed = await IndexDatabaseAsync();
        await new Merger(replayed, _clock).MergeAsync(inputs, TestTimeout.Token());

        Assert.Equal(await CanonicalDumpAsync(replayed), await CanonicalDumpAsync(batched));
    }

    /// <summary>
    /// The index as content, not storage: each subject as the set of source records linked to it,
    /// and each source record in force — so two indexes are equal when they know the same people
    /// and records, whatever surrogate ids their sequences handed out.
    /// </summary>
    internal static async Task<string> CanonicalDumpAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var subjects = await connection.QueryAsync<string>("""
            select string_agg(e.source_organisation || '/' || e.source_record_id || '/' || e.content_hash, ',' order by e.source_organisation, e.source_record_id, e.content_hash)
            from links l join record_envelope e on e.id = l.envelope_id group by l.subject_id order by 1
            """);
        var current = await connection.QueryAsync<string>("""
            select c.kind || '|' || c.source_organisation || '|' || c.source_record_id || '|' || e.content_hash
            from current_records c join record_envelope e on e.id = c.envelope_id order by 1
            """);
        var text = string.Join('\n', subjects) + "\n--\n" + string.Join('\n', current);
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    private Task<NpgsqlDataSource> IndexDatabaseAsync() => IndexTestData.MigratedIndexAsync(postgres);

    private static MergeInput At(long offset, Core.Envelope.RecordEnvelope envelope) =>
        new(new LogPosition(Topics.For(envelope.Kind), 0, offset), envelope);

    private Core.Envelope.RecordEnvelope Seal(RecordKind kind, JsonObject record) =>
        new Pseudonymiser(Keys, _clock).Seal(RecordJson.Deserialize(kind, JsonSerializer.SerializeToUtf8Bytes(record)), kind, "12100000400000624D");

    private static JsonObject Graduate(string recordId, int sequence, string major)
    {
        var graduate = IndexTestData.Sample("graduate");
        graduate["recordId"] = recordId;
        graduate["residentId"] = IndexTestData.ResidentIdFor(sequence);
        graduate["majorName"] = major;
        return graduate;
    }

    private static JsonObject Certification(string recordId, int sequence)
    {
        var certification = IndexTestData.Sample("certification");
        certification["recordId"] = recordId;
        certification["residentId"] = IndexTestData.ResidentIdFor(sequence);
        return certification;
    }
}
