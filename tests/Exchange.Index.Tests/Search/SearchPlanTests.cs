using Dapper;
using Exchange.Index.Search;
using Exchange.Index.Tests.Merging;
using Exchange.Testing;
using Exchange.Testing.Reports;
using Xunit.Abstractions;

namespace Exchange.Index.Tests.Search;

/// <summary>
/// Over a generated cohort loaded the way the report benchmark loads it (the triggers fill the
/// profiles from current_records), each selective search reads graduate_profile through an index,
/// never by scanning it. The plans are written to the test output.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchPlanTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Graduates = 5_000;

    [Fact]
    public async Task Selective_graduate_searches_read_the_profile_through_an_index()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await new IndexPopulation().LoadAsync(database, Graduates, 2026, TestTimeout.Token());
        output.WriteLine($"loaded {Graduates} graduates in {watch.Elapsed}");
        await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal((long)Graduates, await connection.ExecuteScalarAsync<long>("select count(*) from graduate_profile"));
        var asOf = new DateOnly(2026, 7, 1);

        var searches = new (string Name, GraduateFilter Filter)[]
        {
            ("no filter", new GraduateFilter(AsOf: asOf)),
            ("county", new GraduateFilter(OriginRegion: CodeRange.Of("410302"), AsOf: asOf)),
            ("prefecture and education", new GraduateFilter(OriginRegion: CodeRange.Of("4103"), EducationLevel: CodeRange.Of("31"), AsOf: asOf)),
            ("major", new GraduateFilter(MajorCode: "130502", AsOf: asOf)),
            ("major group and cohort", new GraduateFilter(MajorGroup: "0809", Cohort: 2026, AsOf: asOf)),
            ("available", new GraduateFilter(Available: true, AsOf: asOf)),
            ("county, not placed", new GraduateFilter(OriginRegion: CodeRange.Of("410302"), Available: true, AsOf: asOf)),
        };
        foreach (var (name, filter) in searches)
        {
            var plan = string.Join('\n', await connection.QueryAsync<string>("explain (analyze, costs off, timing off, summary on) " + GraduateSearch.Sql(filter), new
            {
                After = 0L,
                Take = 51,
                RegionFrom = filter.OriginRegion?.From,
                RegionTo = filter.OriginRegion?.To,
                LevelFrom = filter.EducationLevel?.From,
                LevelTo = filter.EducationLevel?.To,
                filter.MajorCode,
                filter.MajorGroup,
                filter.Cohort,
            }));
            output.WriteLine($"-- {name}\n{plan}\n");
            Assert.DoesNotContain("Seq Scan on graduate_profile", plan, StringComparison.Ordinal);
        }
    }
}
