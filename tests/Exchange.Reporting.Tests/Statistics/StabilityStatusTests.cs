using Exchange.Testing;
using Npgsql;

namespace Exchange.Reporting.Tests.Statistics;

/// <summary>
/// How the stability report judges whether a graduate was still in place at a horizon, from the
/// placement's follow-ups (<c>report_stability_status</c>, Index migration 0018).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StabilityStatusTests(PostgresFixture postgres)
{
    // The judgement as the report wrote it in SQL before the function: the first follow-up on or
    // after the horizon (earliest checked, then first given) decides; else a departure before it;
    // else unknown.
    private const string ByQueries = """
        coalesce(
          (select case when f.still_in_place then 'still' else 'left' end
           from unnest(c.checked_on, c.still_in_place) with ordinality as f (checked_on, still_in_place, n)
           where f.checked_on >= c.horizon
           order by f.checked_on, f.n limit 1),
          (select 'left' from unnest(c.checked_on, c.still_in_place) as f (checked_on, still_in_place)
           where f.checked_on < c.horizon and not f.still_in_place limit 1),
          'unknown')
        """;

    // The follow-ups' days, their answers, and the verdict at the horizon 2027-01-01.
    private static readonly (string CheckedOn, string StillInPlace, string Expected)[] Cases =
    [
        ("{}", "{}", "unknown"),
        ("{2027-03-01}", "{true}", "still"),
        ("{2027-03-01}", "{false}", "left"),
        ("{2026-12-01}", "{true}", "unknown"),
        ("{2026-12-01}", "{false}", "left"),
        ("{2026-12-01,2027-03-01}", "{false,true}", "still"),
        ("{2027-06-01,2027-03-01}", "{false,true}", "still"),
        ("{2027-03-01,2027-03-01}", "{false,true}", "left"),
        ("{2027-01-01}", "{true}", "still"),
        ("{2027-03-01,NULL}", "{NULL,false}", "left"),
        ("{NULL}", "{false}", "unknown"),
        ("{2026-12-01,2026-11-01}", "{true}", "unknown"),
    ];

    [Fact]
    public async Task The_first_follow_up_on_or_after_the_horizon_decides_else_a_departure_before_it()
    {
        await using var database = await CreateAsync();
        var judged = new List<(string, string, string)>();
        foreach (var (checkedOn, stillInPlace, _) in Cases)
        {
            await using var command = database.CreateCommand("select report_stability_status(@checked::date[], @still::boolean[], date '2027-01-01')");
            command.Parameters.AddWithValue("checked", checkedOn);
            command.Parameters.AddWithValue("still", stillInPlace);
            judged.Add((checkedOn, stillInPlace, (string)(await command.ExecuteScalarAsync(TestTimeout.Token()))!));
        }

        Assert.Equal(Cases, judged);
    }

    [Fact]
    public async Task The_function_judges_as_the_queries_it_replaced_over_generated_follow_ups()
    {
        await using var database = await CreateAsync();
        // 20,000 placements of up to five follow-ups each (fixed by hashes, so every run judges the same
        // cases), some checked the same day, some with a day or an answer missing or one answer too
        // many, against horizons before, on and after them.
        await using var command = database.CreateCommand($"""
            with cases as (
              select c.id, (date '2027-01-01' + (c.id % 61 - 30)) as horizon,
                     array(select case when abs(hashtext(c.id || ':' || g || ':no-day')) % 20 = 0 then null
                                       else date '2026-12-01' + abs(hashtext(c.id || ':' || g || ':day')) % 61 end
                           from generate_series(1, c.id % 6) as g) as checked_on,
                     array(select case when abs(hashtext(c.id || ':' || g || ':no-answer')) % 20 = 0 then null
                                       else abs(hashtext(c.id || ':' || g || ':answer')) % 10 < 6 end
                           from generate_series(1, c.id % 6 + (c.id % 7 = 0)::int) as g) as still_in_place
              from generate_series(1, 20000) as c (id)
            ),
            judged as (
              select c.*, report_stability_status(c.checked_on, c.still_in_place, c.horizon) is distinct from {ByQueries} as differs
              from cases c
            )
            select count(*), count(*) filter (where differs),
                   string_agg(format('%s %s %s', checked_on, still_in_place, horizon), '; ') filter (where differs)
            from judged
            """);
        await using var reader = await command.ExecuteReaderAsync(TestTimeout.Token());
        Assert.True(await reader.ReadAsync(TestTimeout.Token()));

        Assert.Equal(20_000, reader.GetInt64(0));
        Assert.True(reader.GetInt64(1) == 0, $"judged otherwise: {(reader.IsDBNull(2) ? "" : reader.GetString(2))}");
    }

    private async Task<NpgsqlDataSource> CreateAsync() => (await ReportHarness.LoadAsync(postgres, 1)).Database;
}
