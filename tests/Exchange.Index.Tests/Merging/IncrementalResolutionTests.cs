using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Index.Merging;
using Exchange.Index.Resolution;
using Exchange.Index.Resolution.Evaluation;
using Exchange.Index.Resolution.Features;
using Exchange.Log;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Exchange.Index.Tests.Merging;

/// <summary>
/// A population fed to the merger in 10 batches against one run of the offline engine over all of
/// it: the clusters agree, and the ids of subjects no batch touched never change.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class IncrementalResolutionTests(PostgresFixture postgres, ITestOutputHelper output)
{
    // The merger decides one record at a time against what it has seen; the offline engine sees
    // every pair at once. They may part on a few chains; at least this share of pairs agrees.
    private const double Tolerance = 0.98;

    private static readonly LinkageKeys Keys = new(SHA256.HashData("incremental resolution tests"u8));
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "欧阳", "司马"];
    private static readonly string[] GivenCharacters = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "晓", "雯", "婷", "宇", "浩", "欣", "怡", "佳"];
    private static readonly string[] Regions = ["410102", "410105", "110101", "510104", "440305", "320102"];
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Ten_batches_agree_with_one_run_over_everything_and_untouched_subjects_keep_their_ids()
    {
        var (envelopes, truth) = Population(people: 400, seed: 20261202);
        var model = new ResolutionOptions().LoadModel()!;
        var database = await IndexDatabaseAsync();
        var merger = new Merger(database, _clock, model);
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());

        var offset = 0L;
        var before = new Dictionary<long, string>();
        foreach (var batch in envelopes.Chunk((envelopes.Count + 9) / 10))
        {
            var changesBefore = await connection.ExecuteScalarAsync<long>("select coalesce(max(sequence), 0) from index_changes");
            await merger.MergeAsync([.. batch.Select(e => new MergeInput(new LogPosition(Topics.For(RecordKind.Graduate), 0, offset++), e))], TestTimeout.Token());
            var touched = (await connection.QueryAsync<long>(
                "select subject_id from index_changes where sequence > @After union select from_subject_id from index_changes where sequence > @After and from_subject_id is not null",
                new { After = changesBefore })).ToHashSet();
            var after = await MembersAsync(connection);
            foreach (var (subject, members) in before.Where(b => !touched.Contains(b.Key)))
                Assert.True(after.TryGetValue(subject, out var now) && now == members, $"subject {subject}, untouched by the batch, changed");
            before = after;
            // A new key searches the blocking keys of subjects without one: each key must say so truly.
            Assert.Equal(0L, await IndexTestData.KeysMisstatingSubjectKeylessAsync(connection));
        }

        var online = await SubjectOfEachAsync(connection, envelopes);
        var values = new GraduateFieldValues(model.Schema);
        var offline = ResolutionEngine.Resolve(model.Schema,
            [.. envelopes.Select((e, i) => new InputRecord(e.Id.ToString(), 0, values.Read(e.Record, e.SubjectKey)))], model).Clusters.ClusterIds;

        var agreement = PairwiseMetrics.Compute(offline, online);
        var onlineQuality = PairwiseMetrics.Compute(truth, online);
        var offlineQuality = PairwiseMetrics.Compute(truth, offline);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{envelopes.Count} records of 400 people; online vs offline F1 {agreement.F1:F4}; online vs truth P {onlineQuality.Precision:F4} R {onlineQuality.Recall:F4} F1 {onlineQuality.F1:F4}; offline vs truth F1 {offlineQuality.F1:F4}"));
        Assert.True(agreement.F1 >= Tolerance, $"online and offline clusters agree on F1 {agreement.F1:F4}, below {Tolerance}");
        Assert.True(onlineQuality.Precision >= 0.99, $"online precision {onlineQuality.Precision:F4}");
    }

    private static async Task<Dictionary<long, string>> MembersAsync(NpgsqlConnection connection) =>
        (await connection.QueryAsync<(long Subject, string Members)>(
            "select subject_id, string_agg(envelope_id::text, ',' order by envelope_id) from links group by subject_id"))
        .ToDictionary(r => r.Subject, r => r.Members);

    private static async Task<IReadOnlyList<string>> SubjectOfEachAsync(NpgsqlConnection connection, IReadOnlyList<Core.Envelope.RecordEnvelope> envelopes)
    {
        var subjects = (await connection.QueryAsync<(Guid Envelope, long Subject)>("select envelope_id, subject_id from links"))
            .ToDictionary(r => r.Envelope, r => r.Subject.ToString(CultureInfo.InvariantCulture));
        return [.. envelopes.Select(e => subjects[e.Id])];
    }

    /// <summary>
    /// People with a keyed record from their university, and some of: a keyless copy in the alumni
    /// ledger (same student number), a keyless record from a second university (same phone, a
    /// homophone or a character missing in the given name), a keyless record with day and month swapped.
    /// </summary>
    private (List<Core.Envelope.RecordEnvelope> Envelopes, List<string> Truth) Population(int people, int seed)
    {
        var random = new Random(seed);
        var records = new List<(JsonObject Record, string Person)>();
        for (var p = 0; p < people; p++)
        {
            var person = p.ToString("D4", CultureInfo.InvariantCulture);
            var surname = Surnames[random.Next(Surnames.Length)];
            var given = string.Concat(Enumerable.Range(0, 1 + random.Next(2)).Select(_ => GivenCharacters[random.Next(GivenCharacters.Length)]));
            var birth = new DateOnly(2000, 1, 1).AddDays(random.Next(1800));
            var region = Regions[random.Next(Regions.Length)];
            var sex = random.Next(2) == 0 ? "1" : "2";
            var phone = "139" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
            var studentId = "22" + p.ToString("D8", CultureInfo.InvariantCulture);
            records.Add((Graduate($"U-{person}", surname + given, birth, region, sex, phone, "4111010001", studentId, residentId: ResidentId(region, birth, sex, p)), person));
            if (random.NextDouble() < 0.4)
                records.Add((Graduate($"ALUMNI-{person}", surname + given, birth, region, sex, null, "4111010001", studentId, null), person));
            if (random.NextDouble() < 0.3)
            {
                var typo = given.Length == 2 && random.Next(2) == 0 ? given[..1] : given;
                records.Add((Graduate($"SCU-{person}", surname + typo, birth, region, sex, phone, "4151010610", "9" + p.ToString("D9", CultureInfo.InvariantCulture), null), person));
            }
            if (random.NextDouble() < 0.1 && birth.Day <= 12 && birth.Day != birth.Month)
                records.Add((Graduate($"LEDGER-{person}", surname + given, new DateOnly(birth.Year, birth.Day, birth.Month), region, sex, phone, "4111010001", studentId, null), person));
        }
        var shuffled = records.OrderBy(_ => random.Next()).ToList();
        var pseudonymiser = new Pseudonymiser(Keys, _clock);
        var envelopes = shuffled.Select(r =>
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            return pseudonymiser.Seal(RecordJson.Deserialize(RecordKind.Graduate, JsonSerializer.SerializeToUtf8Bytes(r.Record)), RecordKind.Graduate, "12100000400000624D");
        }).ToList();
        return (envelopes, [.. shuffled.Select(r => r.Person)]);
    }

    private static JsonObject Graduate(string recordId, string name, DateOnly birth, string region, string sex, string? phone, string institution, string studentId,
        string? residentId)
    {
        var graduate = IndexTestData.Sample("graduate");
        graduate["recordId"] = recordId;
        graduate["name"] = name;
        graduate["birthDate"] = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        graduate["originRegion"] = region;
        graduate["sex"] = sex;
        graduate["institutionCode"] = institution;
        graduate["studentId"] = studentId;
        graduate["contact"] = phone is null ? null : new JsonObject { ["phone"] = phone };
        if (residentId is null)
            graduate.Remove("residentId");
        else
            graduate["residentId"] = residentId;
        return graduate;
    }

    private static string ResidentId(string region, DateOnly birth, string sex, int person)
    {
        // The sequence's last digit carries the sex: odd for men, even for women.
        var sequence = person % 450 * 2 + (sex == "1" ? 1 : 2);
        var body = region + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D3", CultureInfo.InvariantCulture);
        return body + Core.Identifiers.ResidentId.ComputeCheckCharacter(body);
    }

    private Task<NpgsqlDataSource> IndexDatabaseAsync() => IndexTestData.MigratedIndexAsync(postgres);
}
