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
/// The cohort members reports count (Index migration 0016) follow report_graduate in the writer's
/// transaction: each sender's latest record of a subject and cohort, ranked by how recent it is,
/// through a second sender, a newer version, a merge of subjects, a purge and a delete. A member
/// that outlived its record, or a stale standing, would count a graduate twice or by a record
/// superseded.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReportCohortMembersTests(PostgresFixture postgres)
{
    private const string University = "12100000400000624D";
    private const string Bureau = "11410000MB0123456B";
    private static readonly LinkageKeys Keys = new(SHA256.HashData("report cohort members tests"u8));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero));
    private SealedInputs? _university;
    private SealedInputs? _bureau;

    private SealedInputs FromUniversity => _university ??= new(Keys, _clock, University);

    private SealedInputs FromBureau => _bureau ??= new(Keys, _clock, Bureau);

    [Fact]
    public async Task Each_senders_latest_record_of_a_graduate_is_ranked_by_how_recent_it_is_through_new_versions_and_a_delete()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var merger = new Merger(database, _clock);
        var graduate = IndexTestData.About(IndexTestData.Sample("graduate"), 2);
        graduate["originRegion"] = "410102";
        await merger.MergeAsync([FromUniversity.Next(RecordKind.Graduate, graduate)], TestTimeout.Token());
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal([(University, 1, "410102")], await MembersAsync(connection));

        _clock.Advance(TimeSpan.FromMinutes(1));
        var reported = IndexTestData.About(IndexTestData.Sample("graduate"), 2);
        reported["originRegion"] = "410305";
        await merger.MergeAsync([FromUniversity.At(FromBureau.Seal(RecordKind.Graduate, reported))], TestTimeout.Token());
        Assert.Equal([(Bureau, 1, "410305"), (University, 2, "410102")], await MembersAsync(connection));

        _clock.Advance(TimeSpan.FromMinutes(1));
        graduate["originRegion"] = "410103";
        await merger.MergeAsync([FromUniversity.Next(RecordKind.Graduate, graduate)], TestTimeout.Token());
        Assert.Equal([(Bureau, 2, "410305"), (University, 1, "410103")], await MembersAsync(connection));

        await connection.ExecuteAsync("delete from current_records where kind = 'graduate' and source_organisation = @Bureau", new { Bureau });
        Assert.Equal([(University, 1, "410103")], await MembersAsync(connection));
    }

    [Fact]
    public async Task Members_follow_a_merge_of_subjects_and_a_purge()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var merger = new Merger(database, _clock);
        var first = IndexTestData.About(IndexTestData.Sample("graduate"), 2);
        first["originRegion"] = "410102";
        await merger.MergeAsync([FromUniversity.Next(RecordKind.Graduate, first)], TestTimeout.Token());
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = IndexTestData.About(IndexTestData.Sample("graduate"), 3);
        second["originRegion"] = "410305";
        await merger.MergeAsync([FromUniversity.At(FromBureau.Seal(RecordKind.Graduate, second))], TestTimeout.Token());
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("select count(distinct subject_id) from report_cohort_member"));

        var subjects = (await connection.QueryAsync<long>("select subject_id from subjects order by subject_id")).ToArray();
        await using (var transaction = await connection.BeginTransactionAsync(TestTimeout.Token()))
        {
            await SubjectOperations.MergeAsync(connection, transaction, subjects, _clock.GetUtcNow().UtcDateTime, TestTimeout.Token());
            await transaction.CommitAsync(TestTimeout.Token());
        }
        Assert.Equal([(Bureau, 1, "410305"), (University, 2, "410102")], await MembersAsync(connection));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(distinct subject_id) from report_cohort_member"));

        // A purge rewrites the record in force without the erased fields, as WithdrawalPurge does.
        await connection.ExecuteAsync("update current_records set record = record - 'originRegion' where kind = 'graduate'");
        Assert.Equal([(Bureau, 1, (string?)null), (University, 2, null)], await MembersAsync(connection));
    }

    private static async Task<List<(string Sender, int Standing, string? Region)>> MembersAsync(NpgsqlConnection connection) =>
        [.. await connection.QueryAsync<(string, int, string?)>(
            "select source_organisation, standing, origin_region::text from report_cohort_member order by source_organisation")];
}
