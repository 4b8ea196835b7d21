using System.Text.Json;
using Dapper;
using Exchange.Index.Tests.Merging;
using Exchange.Testing;
using Npgsql;

namespace Exchange.Index.Tests.Migrations;

/// <summary>
/// The report facts' triggers do work in proportion to the rows a statement touched, not to their
/// square nor to the index: checked on the plans PostgreSQL ran for every statement the triggers
/// sent (auto_explain, as notices), with generic plans, as the merger's triggers run once their
/// plans are cached, over an index large enough for the planner to choose as in a deployment.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReportFactsPlanTests(PostgresFixture postgres)
{
    private const int Graduates = 5_000;

    [Fact]
    public async Task A_batch_of_new_graduates_computed_the_milestones_of_the_whole_batch_for_each_graduate_in_it()
    {
        await using var connection = await IndexWithGraduatesAsync();
        const int batch = 300;

        var plans = await PlansOfAsync(connection, $"""
            insert into report_graduate (source_organisation, source_record_id, subject_id, received_at, cohort, origin_region, education_level, graduation_date)
            select 'U', 'new-' || i, {Graduates} + i, now(), 2026, '410102', 'undergraduate', date '2026-06-30' from generate_series(1, {batch}) as i
            """);

        Assert.Equal(batch, await connection.ExecuteScalarAsync<long>($"select count(*) from report_cohort_member where subject_id > {Graduates}"));
        AssertEachNodeRanAtMost(plans, batch);
    }

    [Fact]
    public async Task Placements_of_a_few_graduates_read_every_member_row_to_refresh_their_milestones()
    {
        await using var connection = await IndexWithGraduatesAsync();
        const int placed = 20;

        var plans = await PlansOfAsync(connection, $"""
            insert into report_placement (source_organisation, source_record_id, subject_id, received_at, destination_code, signed_statement, start_date)
            select 'E', 'later-' || i, i * 7, now(), '10', true, date '2026-09-01' from generate_series(1, {placed}) as i
            """);

        Assert.Equal(placed, await connection.ExecuteScalarAsync<long>(
            "select count(*) from report_cohort_member where latest_placement_start = date '2026-09-01' and latest_destination_code = '10'"));
        var scans = Nodes(plans).Where(n => n.GetProperty("Node Type").GetString() == "Seq Scan"
            && n.GetProperty("Relation Name").GetString() == "report_cohort_member").ToList();
        Assert.True(scans.Count == 0, $"report_cohort_member was read whole {scans.Count} times: {string.Join("\n", scans)}");
        AssertEachNodeRanAtMost(plans, placed);
    }

    /// <summary>A migrated index with <see cref="Graduates"/> member rows, some certified and placed, analysed.</summary>
    private async Task<NpgsqlConnection> IndexWithGraduatesAsync()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        var connection = await database.OpenConnectionAsync(TestTimeout.Token());
        await connection.ExecuteAsync($"""
            insert into report_graduate (source_organisation, source_record_id, subject_id, received_at, cohort, origin_region, education_level, graduation_date)
            select 'U', 'g-' || i, i, now(), 2026, '410102', 'undergraduate', date '2026-06-30' from generate_series(1, {Graduates}) as i;
            insert into report_certification (source_organisation, source_record_id, subject_id, certification_type, status, valid_from)
            select 'B', 'c-' || i, i, 'minimum-living-allowance', 'active', date '2025-01-01' from generate_series(1, {Graduates}, 5) as i;
            insert into report_placement (source_organisation, source_record_id, subject_id, received_at, destination_code, signed_statement, start_date)
            select 'E', 'p-' || i, i, now(), '12', true, date '2026-07-15' from generate_series(1, {Graduates}, 3) as i;
            analyze;
            """);
        return connection;
    }

    /// <summary>Runs <paramref name="sql"/> and returns the plan of every statement it ran, nested ones included.</summary>
    private static async Task<List<JsonElement>> PlansOfAsync(NpgsqlConnection connection, string sql)
    {
        var plans = new List<JsonElement>();
        void Collect(object? sender, NpgsqlNoticeEventArgs e)
        {
            var text = e.Notice.MessageText;
            if (text.StartsWith("duration:", StringComparison.Ordinal) && text.IndexOf('{', StringComparison.Ordinal) is var start and >= 0)
                plans.Add(JsonDocument.Parse(text[start..]).RootElement.GetProperty("Plan").Clone());
        }

        await connection.ExecuteAsync("""
            load 'auto_explain';
            set auto_explain.log_min_duration = 0;
            set auto_explain.log_analyze = on;
            set auto_explain.log_timing = off;
            set auto_explain.log_nested_statements = on;
            set auto_explain.log_format = json;
            set auto_explain.log_level = notice;
            set plan_cache_mode = force_generic_plan;
            """);
        connection.Notice += Collect;
        try
        {
            await connection.ExecuteAsync(sql);
        }
        finally
        {
            connection.Notice -= Collect;
            await connection.ExecuteAsync("reset auto_explain.log_min_duration; reset plan_cache_mode;");
        }
        Assert.NotEmpty(plans);
        return plans;
    }

    private static void AssertEachNodeRanAtMost(List<JsonElement> plans, int rows)
    {
        var busiest = Nodes(plans).MaxBy(n => n.GetProperty("Actual Loops").GetInt64());
        Assert.True(busiest.GetProperty("Actual Loops").GetInt64() <= rows,
            $"A plan node ran {busiest.GetProperty("Actual Loops").GetInt64():N0} times for a statement of {rows} rows: {busiest}");
    }

    private static IEnumerable<JsonElement> Nodes(IEnumerable<JsonElement> plans) => plans.SelectMany(PlanNodes.Of);
}
