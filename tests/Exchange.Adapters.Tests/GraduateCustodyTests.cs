using Exchange.Adapters.Ingest;
using Exchange.Core.Model;
using Exchange.Testing;

namespace Exchange.Adapters.Tests;

/// <summary>Which organisation holds a graduate record of a subject: the custodian rule of consent writes asks the registry.</summary>
[Collection(PostgresCollection.Name)]
public sealed class GraduateCustodyTests(PostgresFixture postgres)
{
    private const string University = "12100000400000624D";
    private const string OtherUniversity = "12100000400001279X";

    [Fact]
    public async Task Only_the_organisation_that_appended_a_graduate_record_of_the_subject_holds_it()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var ct = TestTimeout.Token();
        await harness.Duplicates.MarkSeenAsync([
            new SeenRecord(new RecordIdentity(University, "G-1", new string('a', 64)), RecordKind.Graduate, "subject-a", Guid.CreateVersion7()),
            // A record of another kind about the same subject makes no custodian.
            new SeenRecord(new RecordIdentity(OtherUniversity, "C-1", new string('b', 64)), RecordKind.Certification, "subject-a", Guid.CreateVersion7()),
        ], ct);

        Assert.True(await harness.Duplicates.HoldsGraduateAsync(University, "subject-a", ct));
        Assert.False(await harness.Duplicates.HoldsGraduateAsync(OtherUniversity, "subject-a", ct));
        Assert.False(await harness.Duplicates.HoldsGraduateAsync(University, "subject-b", ct));
    }

    [Fact]
    public async Task The_custody_question_is_answered_from_its_index_not_by_reading_the_whole_registry()
    {
        await using var harness = await IngestHarness.CreateAsync(postgres);
        var ct = TestTimeout.Token();
        await using var connection = await harness.IngestSource.OpenConnectionAsync(ct);
        // A small table is cheaper to scan than to index; the question is whether the index can answer at all.
        await using (var off = connection.CreateCommand())
        {
            off.CommandText = "set enable_seqscan = off";
            await off.ExecuteNonQueryAsync(ct);
        }
        await using var explain = connection.CreateCommand();
        explain.CommandText = "explain (costs off) " + DuplicateRegistry.HoldsGraduateSql.Replace("@SubjectKey", "'subject-a'", StringComparison.Ordinal)
            .Replace("@Organisation", $"'{University}'", StringComparison.Ordinal);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                plan.Add(reader.GetString(0));
        }

        Assert.Contains(plan, line => line.Contains("Index Scan using seen_records_graduate_custody", StringComparison.Ordinal));
    }
}
