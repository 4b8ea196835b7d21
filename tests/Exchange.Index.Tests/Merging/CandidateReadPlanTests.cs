using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Exchange.Core.Json;
using Exchange.Core.Model;
using Exchange.Core.Pseudonymisation;
using Exchange.Index.Merging;
using Exchange.Log;
using Exchange.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Exchange.Index.Tests.Merging;

/// <summary>
/// The merger's candidate read takes blocks of keyless records whose rows were written at different
/// times, so a read of the key table's heap is a random page per row. Both of the read's branches
/// (every record of a block, or only those of keyless subjects) must be able to read the key table
/// by an index-only scan: its indexes hold every column the read takes from it, so the heap is
/// visited only for pages the visibility map does not yet call all-visible (the plan's heap
/// fetches, which the test does not judge). Over the few pages of a test's table the planner
/// prefers a bitmap of heap pages, which costs nothing there; bitmap scans are turned off for the
/// test's session so that the plan shows what the indexes can do. The plans are written to the
/// test output.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CandidateReadPlanTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const string University = "12100000400000624D";
    private static readonly string[] Names = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴芳"];

    [Fact]
    public async Task The_candidate_read_takes_the_key_table_by_index_only_scans()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 8, 0, 0, TimeSpan.Zero));
        var pseudonymiser = new Pseudonymiser(new LinkageKeys(SHA256.HashData("candidate read plan"u8)), clock);
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var merger = new Merger(database, clock, new ResolutionOptions().LoadModel()!);
        // Keyless graduates of a few names and birth dates, merged in several batches so that a block's rows are spread over the table.
        for (var batch = 0; batch < 4; batch++)
        {
            var inputs = Enumerable.Range(batch * 150, 150).Select(i =>
            {
                var graduate = IndexTestData.Graduate($"K-{i}", Names[i % Names.Length], University, (2201210000 + i).ToString(CultureInfo.InvariantCulture), null,
                    (13800000000L + (i * 7919)).ToString(CultureInfo.InvariantCulture), "410102", $"2003-0{1 + (i % 3)}-1{i % 7}");
                var envelope = pseudonymiser.Seal(RecordJson.Deserialize(RecordKind.Graduate, JsonSerializer.SerializeToUtf8Bytes(graduate)), RecordKind.Graduate, University);
                return new MergeInput(new LogPosition(Topics.For(RecordKind.Graduate), 0, i), envelope);
            }).ToList();
            await merger.MergeAsync(inputs, TestTimeout.Token());
        }

        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        await connection.ExecuteAsync("vacuum (analyze) resolution_keys");
        await connection.ExecuteAsync("set enable_bitmapscan = off");
        var blocks = (await connection.QueryAsync<long>("select block_key from resolution_keys group by block_key order by count(*) desc limit 40")).ToArray();
        Assert.True(blocks.Length >= 10, $"only {blocks.Length} blocks");

        foreach (var keylessSubjectsOnly in new[] { false, true })
        {
            var plan = await connection.ExecuteScalarAsync<string>("explain (analyze, buffers, format json) " + MergeRun.CandidatesSql, new
            {
                BlockKeys = blocks,
                KeylessSubjectsOnly = Enumerable.Repeat(keylessSubjectsOnly, blocks.Length).ToArray(),
                PerKey = 100,
            });
            output.WriteLine($"-- keyless subjects only: {keylessSubjectsOnly}\n{plan}\n");
            using var document = JsonDocument.Parse(plan!);
            var root = document.RootElement[0].GetProperty("Plan");
            var keyScans = PlanNodes.Of(root).Where(n => n.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "resolution_keys").ToList();
            var executed = keyScans.Where(n => n.GetProperty("Actual Loops").GetInt64() > 0 && n.GetProperty("Actual Rows").GetDouble() > 0).ToList();
            Assert.NotEmpty(executed);
            Assert.All(executed, scan => Assert.Equal("Index Only Scan", scan.GetProperty("Node Type").GetString()));
        }
    }
}
