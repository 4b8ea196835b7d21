using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Exchange.Core.Envelope;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Index.Merging;
using Exchange.Log;
using Exchange.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Exchange.Index.Tests.Merging;

/// <summary>
/// A batch is merged in runs, its decisions taken in memory and its writes sent together; the
/// index must be the one merging the same records one at a time writes, ids and change events included.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MergeRunTests(PostgresFixture postgres)
{
    private const string University = "12100000400000624D";
    private const string OtherUniversity = "12100000400002259P";
    private static readonly LinkageKeys Keys = new(SHA256.HashData("merge run tests"u8));
    private static readonly Lazy<Exchange.Index.Resolution.Training.ResolutionModel> Model = new(() => new ResolutionOptions().LoadModel()!);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_batch_merged_at_once_writes_the_index_that_merging_its_records_one_at_a_time_writes()
    {
        var inputs = Population();

        var oneByOne = await IndexTestData.MigratedIndexAsync(postgres);
        var merger = new Merger(oneByOne, _clock, Model.Value);
        foreach (var input in inputs)
            await merger.MergeAsync([input], TestTimeout.Token());
        var atOnce = await IndexTestData.MigratedIndexAsync(postgres);
        var result = await new Merger(atOnce, _clock, Model.Value).MergeAsync(inputs, TestTimeout.Token());

        Assert.Equal(1, result.Duplicates);
        var expected = await DumpAsync(oneByOne);
        // The population reaches every path of a run: a join, a merge, a review, versions replaced before and after a flush, a late one, a key added.
        Assert.Contains("subject.merged", expected);
        Assert.Contains("review.opened", expected);
        Assert.Contains("|probabilistic|", expected);
        Assert.Equal(expected, await DumpAsync(atOnce));
    }

    private List<MergeInput> Population()
    {
        var late = Graduate("PKU-1", "欧阳晓雯", University, "2201210345", 2, phone: "13700137000");
        var keyless = Graduate("PKU-ALUMNI-1", "欧阳晓雯", University, "2201210345", null);
        var records = new List<RecordEnvelope>
        {
            Graduate("PKU-1", "欧阳晓雯", University, "2201210345", 2),
            keyless,
            // Replaced before the run writes anything.
            Graduate("PKU-ALUMNI-1", "欧阳晓雯", University, "2201210345", null, phone: "13600136000"),
            keyless,
            Graduate("PKU-W", "王伟", University, "2201210400", 4),
            Graduate("SCU-W", "王伟", OtherUniversity, "2022141460118", 6),
            Certification("CERT-1", 2),
            // Two keyless records of one person at two universities, then one proving them one.
            Graduate("PKU-A", "李娜", University, "2201210500", null, phone: "13800138001"),
            Graduate("SCU-B", "李娜", OtherUniversity, "2022141460200", null, phone: "13900139001", region: "510104"),
            Graduate("PKU-A2", "李娜", University, "2201210500", null, phone: "13900139001"),
            // Replaced after a flush.
            Graduate("PKU-1", "欧阳晓雯", University, "2201210345", 2, phone: "13500135000"),
            late,
            Graduate("PKU-R", "司马雨桐", University, "2201210600", null, phone: "13800138002"),
            Graduate("SCU-R", "司马雨桐", OtherUniversity, "2022141460300", null, phone: "13900139002", region: "410105", birthDate: "2003-04-13"),
            Graduate("PKU-K", "赵磊", University, "2201210700", null, phone: "13800138003"),
            // A vacancy's job is assigned in the database: the run flushes and goes on, so the next version replaces one already written.
            Vacancy("HR-1"),
            Graduate("PKU-K", "赵磊", University, "2201210700", 8, phone: "13800138003"),
            Certification("CERT-2", 8),
        };
        return [.. records.Select((envelope, offset) => new MergeInput(new LogPosition(Topics.For(envelope.Kind), 0, offset), envelope))];
    }

    private static async Task<string> DumpAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var parts = new List<string>();
        foreach (var sql in new[]
        {
            "select subject_id || '|' || state || '|' || coalesce(merged_into::text, '') || '|' || version from subjects order by subject_id",
            "select subject_key || '|' || subject_id from subject_keys order by 1",
            "select e.source_record_id || '|' || e.content_hash || '|' || l.subject_id || '|' || l.rule || '|' || l.score from links l join record_envelope e on e.id = l.envelope_id order by 1",
            "select c.kind || '|' || c.source_record_id || '|' || e.content_hash || '|' || coalesce(c.subject_id::text, '') || '|' || (c.record = e.record) from current_records c join record_envelope e on e.id = c.envelope_id order by 1",
            "select c.sequence || '|' || c.kind || '|' || c.subject_id || '|' || coalesce(c.from_subject_id::text, '') || '|' || coalesce(e.source_record_id || '/' || e.content_hash, '') from index_changes c left join record_envelope e on e.id = c.envelope_id order by c.sequence",
            "select r.subject_id || '|' || r.candidate_subject_id || '|' || e.source_record_id || '|' || r.match_probability || '|' || r.state from reviews r join record_envelope e on e.id = r.envelope_id order by 1",
            "select e.source_record_id || '|' || e.content_hash || '|' || r.subject_id || '|' || coalesce(r.subject_key, '') || '|' || array_to_string(r.field_values, ',', '~') || '|' || array_to_string(r.block_keys, ',') from resolution_records r join record_envelope e on e.id = r.envelope_id order by 1",
            "select e.source_record_id || '|' || e.content_hash || '|' || k.block_key || '|' || k.subject_keyless from resolution_keys k join record_envelope e on e.id = k.envelope_id order by 1",
        })
        {
            parts.Add(string.Join('\n', await connection.QueryAsync<string>(sql)));
        }
        return string.Join("\n--\n", parts);
    }

    private RecordEnvelope Graduate(string recordId, string name, string institution, string studentId, int? residentSequence,
        string phone = "13800138000", string region = "410102", string birthDate = "2003-04-12")
    {
        var graduate = IndexTestData.Graduate(recordId, name, institution, studentId, residentSequence, phone, region, birthDate);
        return Seal(RecordKind.Graduate, graduate, institution == University ? University : OtherUniversity);
    }

    private RecordEnvelope Certification(string recordId, int residentSequence)
    {
        var certification = IndexTestData.Sample("certification");
        certification["recordId"] = recordId;
        certification["residentId"] = IndexTestData.ResidentIdFor(residentSequence);
        return Seal(RecordKind.Certification, certification, "11410100MB00000018");
    }

    private RecordEnvelope Vacancy(string recordId)
    {
        var vacancy = IndexTestData.Sample("vacancy");
        vacancy["recordId"] = recordId;
        return Seal(RecordKind.Vacancy, vacancy, "91110000802100433B");
    }

    private RecordEnvelope Seal(RecordKind kind, JsonObject record, string organisation)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        return new Pseudonymiser(Keys, _clock).Seal(RecordJson.Deserialize(kind, JsonSerializer.SerializeToUtf8Bytes(record)), kind, organisation);
    }
}
