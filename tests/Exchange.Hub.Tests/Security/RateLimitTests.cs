using System.Globalization;
using System.Net;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Security;

/// <summary>Each client has its own request budget; past it the answer is 429 with Retry-After and problem details.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RateLimitTests(PostgresFixture postgres)
{
    private static readonly Dictionary<string, string?> TwoPerSecond = new()
    {
        ["Exchange:RateLimits:PermitsPerSecond"] = "2",
        ["Exchange:RateLimits:Burst"] = "2",
    };

    [Fact]
    public async Task Third_rapid_request_of_a_client_gets_429_with_Retry_After_and_problem_details_while_another_client_is_unaffected()
    {
        await using var hub = await HubHost.StartAsync(postgres, TwoPerSecond);
        using var steward = hub.ClientFor(TestClients.Steward);
        using var employer = hub.ClientFor(TestClients.EmployerA);

        var statuses = await ThreeRapidRequestsAsync(steward);
        Assert.Equal(HttpStatusCode.OK, statuses[0].StatusCode);
        Assert.Equal(HttpStatusCode.OK, statuses[1].StatusCode);
        var limited = statuses[2];
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(AnswerChecks.ProblemJson, limited.Content.Headers.ContentType?.MediaType);
        var retryAfter = Assert.Single(limited.Headers.GetValues("Retry-After"));
        Assert.True(int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= 1,
            $"Retry-After must be a whole number of seconds, at least 1; it was '{retryAfter}'.");
        Assert.Contains("\"status\":429", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another client, right after: its own budget is untouched.
        for (var i = 0; i < 2; i++)
        {
            using var other = await employer.GetAsync("/health", TestTimeout.Token());
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        foreach (var response in statuses)
            response.Dispose();
    }

    [Fact]
    public async Task A_client_cannot_escape_its_budget_by_minting_a_fresh_token()
    {
        await using var hub = await HubHost.StartAsync(postgres, TwoPerSecond);
        using var steward = hub.ClientFor(TestClients.Steward);
        var statuses = await ThreeRapidRequestsAsync(steward);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[2].StatusCode);

        using var again = hub.ClientFor(TestClients.Steward);
        using var response = await again.GetAsync("/v1/steward/agreements", TestTimeout.Token());
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        foreach (var status in statuses)
            status.Dispose();
    }

    // The bucket refills on a one-second timer that may tick between two of the three requests;
    // then the burst is retried on a full bucket, at most three times.
    private static async Task<IReadOnlyList<HttpResponseMessage>> ThreeRapidRequestsAsync(HttpClient http)
    {
        List<HttpResponseMessage> responses = [];
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (attempt > 0)
            {
                foreach (var response in responses)
                    response.Dispose();
                await Task.Delay(TimeSpan.FromSeconds(2), TestTimeout.Token());
            }
            responses = [];
            for (var i = 0; i < 3; i++)
                responses.Add(await http.GetAsync("/v1/steward/agreements", TestTimeout.Token()));
            if (responses[2].StatusCode == HttpStatusCode.TooManyRequests)
                break;
        }
        return responses;
    }
}
