using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Exchange.Core.Json;
using Exchange.Core.Model;
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
        await using (var connection = await database.OpenConnectionAsync(TestTimeout.Token()))
        {
            await connection.ExecuteAsync("""
                create temporary table written as
                  select gen_random_uuid() as id, employer, record_id, record::jsonb as record
                  from unnest(@Employers, @RecordIds, @Records) as t(employer, record_id, record);
                insert into record_envelope (id, kind, schema_version, source_organisation, source_record_id, content_hash, received_at, record)
                  select id, 'vacancy', 'v1', employer, record_id, encode(sha256(convert_to(record::text, 'UTF8')), 'hex'), clock_timestamp(), record from written;
                insert into current_records (kind, source_organisation, source_record_id, envelope_id, subject_id, received_at, record)
                  select 'vacancy', employer, record_id, id, null, clock_timestamp(), record from written;
                insert into jobs (dedup_key, valid_from, valid_through, created_at)
                  select employer || '/' || record_id, (record->>'validFrom')::date, (record->>'validThrough')::date, now() from written;
                insert into job_channels (source_organisation, source_record_id, job_id, envelope_id)
                  select w.employer, w.record_id, j.job_id, w.id from written w join jobs j on j.dedup_key = w.employer || '/' || w.record_id;
                analyze;
                """, new
            {
                Employers = vacancies.Select(v => v.Employer).ToArray(),
                RecordIds = vacancies.Select(v => v.Record.RecordId).ToArray(),
                Records = vacancies.Select(v => Encoding.UTF8.GetString(RecordJson.SerializeToUtf8Bytes(v.Record, RecordKind.Vacancy))).ToArray(),
            });
        }
        var open = vacancies.Count(v => v.Record.ValidThrough >= Today);

        await using var explain = await database.OpenConnectionAsync(TestTimeout.Token());
        var plan = JsonDocument.Parse(await explain.ExecuteScalarAsync<string>(
            "explain (analyze, format json) " + MatchRetrieval.VacanciesSql,
            RelevanceBound.ForGraduate(Graduate() with { Preferences = null }, Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), MatchRetrieval.DefaultCap)) ?? "[]");
        var nodes = Nodes(plan.RootElement[0].GetProperty("Plan")).ToList();

        var returned = plan.RootElement[0].GetProperty("Plan").GetProperty("Actual Rows").GetInt64();
        var removedByJoins = nodes.Sum(n => n.TryGetProperty("Rows Removed by Join Filter", out var removed) ? removed.GetInt64() : 0);
        Assert.InRange(returned, 1, Math.Min(open, MatchRetrieval.DefaultCap));
        Assert.True(removedByJoins == 0, $"{removedByJoins:N0} joined rows were thrown away by a join filter: {plan.RootElement}");
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                foreach (var descendant in Nodes(child))
                    yield return descendant;
            }
        }
    }
}
