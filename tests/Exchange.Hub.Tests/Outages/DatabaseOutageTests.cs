using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Npgsql;

namespace Exchange.Hub.Tests.Outages;

/// <summary>
/// Requests while the hub's database takes no session (a restart, a failover): a caller learns it
/// is an outage and when to come back — a coded 503 with Retry-After, as for the event log — and
/// the hub serves again once the database does.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseOutageTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Requests_while_the_database_was_away_were_answered_a_bare_500_and_are_now_a_coded_503_with_retry_after()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var matcher = hub.ClientFor(TestClients.Matcher);
        using var university = hub.ClientFor(TestClients.UniversityA);
        Assert.Equal(HttpStatusCode.OK, (await matcher.GetAsync(new Uri("/v1/vacancies?purpose=matching", UriKind.Relative))).StatusCode);

        var database = new NpgsqlConnectionStringBuilder(hub.ConnectionString).Database!;
        await postgres.RefuseSessionsAsync(database, refuse: true, TestTimeout.Token());
        try
        {
            foreach (var answer in new[]
            {
                await matcher.GetAsync(new Uri("/v1/vacancies?purpose=matching", UriKind.Relative)),
                await university.PostAsync(new Uri("/v1/records/graduate", UriKind.Relative),
                    new StringContent("[" + Samples.GraduateFor(TestClients.UniversityA).ToJsonString() + "]", Encoding.UTF8, "application/json")),
            })
            {
                var body = await answer.Content.ReadAsStringAsync();
                Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{answer.RequestMessage!.RequestUri}: {(int)answer.StatusCode} {body}");
                Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
                Assert.True(answer.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, $"Retry-After: {answer.Headers.RetryAfter}");
                var problem = JsonNode.Parse(body)!;
                var code = (string)problem["problems"]!.AsArray().Single()!["code"]!;
                Assert.True(code is "database.unavailable" or "log.unavailable", body);
                Assert.False(string.IsNullOrWhiteSpace((string?)problem["problems"]![0]!["messageZh"]));
                // Nothing of the driver's words, which name the server, reaches the caller.
                Assert.DoesNotContain(database, body, StringComparison.Ordinal);
                Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
            }
        }
        finally
        {
            await postgres.RefuseSessionsAsync(database, refuse: false, TestTimeout.Token());
        }

        Assert.Equal(HttpStatusCode.OK, (await matcher.GetAsync(new Uri("/v1/vacancies?purpose=matching", UriKind.Relative))).StatusCode);
    }
}
