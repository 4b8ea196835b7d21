using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Exchange.Index.Search;
using Exchange.Index.Tests.Merging;
using Exchange.Testing;
using Npgsql;

namespace Exchange.Index.Tests.Search;

/// <summary>Each filter of the graduate search over graduate_profile, the region hierarchy, and the keyset cursor.</summary>
[Collection(PostgresCollection.Name)]
public sealed class GraduateSearchTests(PostgresFixture postgres)
{
    private static readonly DateOnly Today = new(2026, 7, 1);

    [Fact]
    public async Task A_province_covers_its_prefectures_and_counties_and_a_prefecture_its_counties()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        await GraduateAsync(database, 1, region: "410102");
        await GraduateAsync(database, 2, region: "410105");
        await GraduateAsync(database, 3, region: "410305");
        await GraduateAsync(database, 4, region: "510104");
        await GraduateAsync(database, 5, region: "410100");

        Assert.Equal([1, 2, 3, 5], await FoundAsync(database, new GraduateFilter(OriginRegion: CodeRange.Of("41"))));
        Assert.Equal([1, 2, 5], await FoundAsync(database, new GraduateFilter(OriginRegion: CodeRange.Of("4101"))));
        Assert.Equal([2], await FoundAsync(database, new GraduateFilter(OriginRegion: CodeRange.Of("410105"))));
        Assert.Equal([4], await FoundAsync(database, new GraduateFilter(OriginRegion: CodeRange.Of("51"))));
    }

    [Fact]
    public async Task Each_filter_narrows_the_graduates_found()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        await GraduateAsync(database, 1, level: "21", major: "120203K", cohort: 2026, skills: ["Excel", "SQL"], needs: ["screen-reader"]);
        await GraduateAsync(database, 2, level: "31", major: "120204", cohort: 2025, skills: ["Excel"]);
        await GraduateAsync(database, 3, level: "11", major: "080901", cohort: 2026, placement: "11");
        await GraduateAsync(database, 4, level: "21", major: "080901", cohort: 2026, placement: "70", certification: ("disability", "2026-01-01"));
        await PolicyAsync(database, "POL-1", ["disability"], ["21"], [2026]);
        await PolicyAsync(database, "POL-2", ["poverty-alleviation"], [], []);

        Assert.Equal([1, 4], await FoundAsync(database, new GraduateFilter(EducationLevel: CodeRange.Of("21"))));
        Assert.Equal([1, 4], await FoundAsync(database, new GraduateFilter(EducationLevel: CodeRange.Of("2"))));
        Assert.Equal([3], await FoundAsync(database, new GraduateFilter(EducationLevel: CodeRange.Of("1"))));
        Assert.Equal([1], await FoundAsync(database, new GraduateFilter(MajorCode: "120203K")));
        Assert.Equal([1, 2], await FoundAsync(database, new GraduateFilter(MajorGroup: "1202")));
        Assert.Equal([2], await FoundAsync(database, new GraduateFilter(Cohort: 2025)));
        Assert.Equal([1], await FoundAsync(database, new GraduateFilter(Skills: ["SQL", "Excel"])));
        Assert.Equal([1, 2], await FoundAsync(database, new GraduateFilter(Skills: ["Excel"])));
        Assert.Equal([1], await FoundAsync(database, new GraduateFilter(AccommodationNeeds: ["screen-reader"])));
        Assert.Equal([1, 2, 4], await FoundAsync(database, new GraduateFilter(Available: true)));
        Assert.Equal([3], await FoundAsync(database, new GraduateFilter(Available: false)));
        Assert.Equal([4], await FoundAsync(database, new GraduateFilter(Policy: new("11410000MB0000001X", "POL-1"))));
        Assert.Empty(await FoundAsync(database, new GraduateFilter(Policy: new("11410000MB0000001X", "POL-2"))));
        Assert.Null(await new GraduateSearch(database).SearchAsync(new GraduateFilter(Policy: new("11410000MB0000001X", "POL-9"), AsOf: Today), 0, 10, TestTimeout.Token()));
    }

    [Fact]
    public async Task A_cursor_keeps_its_place_when_graduates_are_added_between_pages()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        for (var i = 1; i <= 5; i++)
            await GraduateAsync(database, i);
        var search = new GraduateSearch(database);

        var first = (await search.SearchAsync(new GraduateFilter(AsOf: Today), 0, 2, TestTimeout.Token()))!;
        await GraduateAsync(database, 6);
        var second = (await search.SearchAsync(new GraduateFilter(AsOf: Today), first.After!.Value, 2, TestTimeout.Token()))!;
        var third = (await search.SearchAsync(new GraduateFilter(AsOf: Today), second.After!.Value, 2, TestTimeout.Token()))!;

        Assert.Equal(["lk_1", "lk_2"], first.Hits.Select(h => h.SubjectKey));
        Assert.Equal(["lk_3", "lk_4"], second.Hits.Select(h => h.SubjectKey));
        Assert.Equal(["lk_5", "lk_6"], third.Hits.Select(h => h.SubjectKey));
        Assert.Null(third.After);
        Assert.Contains(first.Hits[0].Records, r => r.Kind == "graduate");
    }

    private static async Task<List<int>> FoundAsync(NpgsqlDataSource database, GraduateFilter filter)
    {
        var page = await new GraduateSearch(database).SearchAsync(filter with { AsOf = Today }, 0, 100, TestTimeout.Token());
        return [.. page!.Hits.Select(h => int.Parse(h.SubjectKey[3..], System.Globalization.CultureInfo.InvariantCulture))];
    }

    private static async Task GraduateAsync(NpgsqlDataSource database, int i, string region = "410102", string level = "21", string major = "120203K", int cohort = 2026,
        string[]? skills = null, string[]? needs = null, string? placement = null, (string Type, string From)? certification = null)
    {
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        var subject = await connection.ExecuteScalarAsync<long>("insert into subjects (created_at, updated_at) values (now(), now()) returning subject_id");
        await connection.ExecuteAsync("insert into subject_keys (subject_key, subject_id) values (@Key, @Subject)", new { Key = $"lk_{i}", Subject = subject });
        var graduate = new JsonObject
        {
            ["recordId"] = $"G-{i}", ["originRegion"] = region, ["educationLevel"] = level, ["majorCode"] = major, ["cohort"] = cohort,
            ["skills"] = new JsonArray([.. (skills ?? []).Select(s => (JsonNode)s)]),
            ["accommodationNeeds"] = new JsonArray([.. (needs ?? []).Select(s => (JsonNode)s)]),
        };
        await RecordAsync(connection, "graduate", "12100000400000624D", $"G-{i}", subject, graduate);
        if (placement is not null)
            await RecordAsync(connection, "placement", "12100000400000624D", $"P-{i}", subject, new JsonObject { ["destinationCode"] = placement });
        if (certification is { } c)
            await RecordAsync(connection, "certification", "11410000MB0000001X", $"C-{i}", subject,
                new JsonObject { ["certificationType"] = c.Type, ["validFrom"] = c.From, ["status"] = "active" });
    }

    private static async Task PolicyAsync(NpgsqlDataSource database, string id, string[] types, string[] levels, int[] cohorts)
    {
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        await RecordAsync(connection, "policy", "11410000MB0000001X", id, null, new JsonObject
        {
            ["recordId"] = id, ["validFrom"] = "2026-01-01", ["validThrough"] = "2026-12-31",
            ["eligibility"] = new JsonObject
            {
                ["certificationTypes"] = new JsonArray([.. types.Select(t => (JsonNode)t)]),
                ["educationLevels"] = new JsonArray([.. levels.Select(t => (JsonNode)t)]),
                ["cohorts"] = new JsonArray([.. cohorts.Select(t => (JsonNode)t)]),
            },
        });
    }

    private static async Task RecordAsync(NpgsqlConnection connection, string kind, string source, string recordId, long? subject, JsonObject record)
    {
        var json = record.ToJsonString();
        var id = Guid.NewGuid();
        await connection.ExecuteAsync("""
            insert into record_envelope (id, kind, schema_version, source_organisation, source_record_id, content_hash, received_at, record)
            values (@Id, @Kind, 'v1', @Source, @RecordId, @Hash, now(), @Json::jsonb);
            insert into current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)
            values (@Kind, @Source, @RecordId, @Id, @Subject, now(), @Json::jsonb);
            """, new { Id = id, Kind = kind, Source = source, RecordId = recordId, Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))), Subject = subject, Json = json });
    }
}
