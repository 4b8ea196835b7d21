using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Security;

/// <summary>What the hub's logs say about a request: the route template, never the path or the query.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RequestLogTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("Information")]
    [InlineData("Trace")]
    public async Task Request_log_names_the_route_template_and_never_prints_a_token_key_or_id_from_the_url(string level)
    {
        var logs = new CapturedLogs();
        await using var hub = await HubHost.StartAsync(postgres, new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = level }, logs);
        using var university = hub.ClientFor(TestClients.UniversityA);
        var subjectKey = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("someone"u8));

        using (await university.GetAsync($"/v1/subjects/{subjectKey}?purpose=matching&access_token=secret-token-in-a-query", TestTimeout.Token())) { }
        using (await hub.Anonymous().GetAsync("/v1/graduates/410102200304120222?access_token=secret-token-in-a-query", TestTimeout.Token())) { }
        using (await hub.Anonymous().GetAsync("/v1/people/410102200304120222?access_token=secret-token-in-a-query", TestTimeout.Token())) { }

        var text = logs.AllText;
        // Refused for its access_token, a parameter the fetch does not take (tokens travel in the header only).
        Assert.Contains("GET /v1/subjects/{subjectKey} answered 400", text, StringComparison.Ordinal);
        Assert.Contains("GET /v1/graduates/{handle} answered 401", text, StringComparison.Ordinal);
        Assert.Contains("GET (unmatched) answered 404", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-in-a-query", text, StringComparison.Ordinal);
        Assert.DoesNotContain(subjectKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("410102200304120222", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_health_probe_logged_an_authentication_failure()
    {
        var logs = new CapturedLogs();
        await using var hub = await HubHost.StartAsync(postgres, new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" }, logs);

        using (var health = await hub.Anonymous().GetAsync("/health", TestTimeout.Token()))
            Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        using (var refused = await hub.Anonymous().GetAsync("/v1/steward/consents", TestTimeout.Token()))
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);

        Assert.DoesNotContain(logs.Lines, line => line.Contains("was not authenticated", StringComparison.Ordinal));
        Assert.Contains("GET /health answered 200", logs.AllText, StringComparison.Ordinal);
    }
}
