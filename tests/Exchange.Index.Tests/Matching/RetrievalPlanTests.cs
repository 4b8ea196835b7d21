using System.Globalization;
using System.Text.Json;
using Dapper;
using Exchange.Index.Matching;
using Exchange.Index.Tests.Merging;
using Exchange.Testing;
using static Exchange.Index.Tests.Matching.MatchRecords;

namespace Exchange.Index.Tests.Matching;

/// <summary>
/// The work a retrieval query does grows with what it picks, not with the product of what it
/// picks and what is in force: checked on the plan PostgreSQL ran (EXPLAIN ANALYZE), over an index
/// large enough for the planner to choose as it would in a deployment.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RetrievalPlanTests(PostgresFixture postgres)
{
    private const int Vacancies = 10_000;

    [Fact]
    public async Task A_graduate_match_compared_every_picked_job_with_every_vacancy_in_force()
    {
        var database = await IndexTestData.MigratedIndexAsync(postgres);
        // Jobs from a thousand employers (so that the planner expects about one vacancy in force per
        // channel it joins), a third of them closed before today, written as the merger writes a batch.
        var vacancies = new PopulationGenerator(20261205).Vacancies(Vacancies)
            .Select((v, i) => (Employer: $"9144030019220{i % 1000:D5}", Record: i % 3 == 0 ? v with { ValidThrough = Today.AddDays(-1 - i % 20) } : v))
            .ToList();
        await MatchIndex.VacanciesAsync(database, vacancies);
        await using (var connection = await database.OpenConnectionAsync(TestTimeout.Token()))
            await connection.ExecuteAsync("analyze;");
        var open = vacancies.Count(v => v.Record.ValidThrough >= Today);

        await using var explain = await database.OpenConnectionAsync(TestTimeout.Token());
        var plan = JsonDocument.Parse(await explain.ExecuteScalarAsync<string>(
            "explain (analyze, format json) " + MatchRetrieval.VacanciesSql,
            RelevanceBound.ForGraduate(Graduate() with { Preferences = null }, Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), MatchRetrieval.DefaultCap)) ?? "[]");
        var nodes = PlanNodes.Of(plan.RootElement[0].GetProperty("Plan")).ToList();

        var returned = plan.RootElement[0].GetProperty("Plan").GetProperty("Actual Rows").GetInt64();
        var removedByJoins = nodes.Sum(n => n.TryGetProperty("Rows Removed by Join Filter", out var removed) ? removed.GetInt64() : 0);
        Assert.InRange(returned, 1, Math.Min(open, MatchRetrieval.DefaultCap));
        Assert.True(removedByJoins == 0, $"{removedByJoins:N0} joined rows were thrown away by a join filter: {plan.RootElement}");
    }
}
