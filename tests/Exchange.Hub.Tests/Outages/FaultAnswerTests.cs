using System.Net;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;
using Npgsql;

namespace Exchange.Hub.Tests.Outages;

/// <summary>
/// A fault of the hub itself, not an outage: here its audit table is gone from under it (an
/// operator's mistake), so every refusal it audits fails with an error no handler knows. The API
/// answers its 500 problem, a page a page of its own, and both are in the hub's log as errors.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FaultAnswerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_fault_behind_an_API_call_is_a_500_problem_and_one_behind_a_page_was_the_same_JSON_and_is_now_a_page()
    {
        var logs = new CapturedLogs();
        await using var hub = await HubHost.StartAsync(postgres, logs: logs);
        await MoveAuditTableAwayAsync(hub);
        using var reader = hub.Anonymous();

        // A call without a token is refused, and the refusal audited: the fault is met there.
        var api = await reader.GetAsync(new Uri("/v1/vacancies?purpose=matching", UriKind.Relative));
        var apiBody = await api.Content.ReadAsStringAsync();
        Assert.True(api.StatusCode == HttpStatusCode.InternalServerError, $"{(int)api.StatusCode} {apiBody}");
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var traceId = (string)JsonNode.Parse(apiBody)!["traceId"]!;
        Assert.DoesNotContain(MissingTable, apiBody, StringComparison.Ordinal);

        // So is a page without a session.
        var page = await reader.GetAsync(new Uri("/ui/agreements", UriKind.Relative));
        var pageBody = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.True(page.StatusCode == HttpStatusCode.InternalServerError && page.Content.Headers.ContentType?.MediaType == "text/html",
            $"{(int)page.StatusCode} {page.Content.Headers.ContentType}: {pageBody}");
        Assert.Contains("<h1>出错了</h1>", pageBody, StringComparison.Ordinal);
        Assert.DoesNotContain(MissingTable, pageBody, StringComparison.Ordinal);
        Assert.Null(page.Headers.RetryAfter);

        var errors = logs.Lines.Where(l => l.StartsWith("Error ", StringComparison.Ordinal) && l.Contains(MissingTable, StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 2, string.Join("\n---\n", errors));
        Assert.Contains(errors, e => e.Contains(traceId.Split('-')[1], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fault_answered_a_client_with_one_request_left_429_too_many_requests_instead_of_its_500()
    {
        // One request a second: the failed one spends it, and its answer must not need another.
        await using var hub = await HubHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Exchange:RateLimits:PermitsPerSecond"] = "1",
            ["Exchange:RateLimits:Burst"] = "1",
        });
        await MoveAuditTableAwayAsync(hub);
        using var reader = hub.Anonymous();

        var api = await reader.GetAsync(new Uri("/v1/vacancies?purpose=matching", UriKind.Relative));

        Assert.True(api.StatusCode == HttpStatusCode.InternalServerError, $"{(int)api.StatusCode} {await api.Content.ReadAsStringAsync()}");
    }

    private static async Task MoveAuditTableAwayAsync(HubHost hub)
    {
        await using var database = NpgsqlDataSource.Create(hub.ConnectionString);
        await using var rename = database.CreateCommand("alter table access.audit_entry rename to audit_entry_away");
        await rename.ExecuteNonQueryAsync(TestTimeout.Token());
    }

    private const string MissingTable = "audit_entry";
}
