using System.Net;
using System.Text.Json.Nodes;
using Exchange.Access.Tokens;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Security;

/// <summary>A 401 says nothing about why: the reason goes to the audit only.</summary>
[Collection(PostgresCollection.Name)]
public sealed class UnauthenticatedAnswerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Answer_401_is_identical_for_expired_and_bad_signature_tokens_and_only_the_audit_tells_them_apart()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var forge = await TokenForge.OpenAsync(hub.Issuer, TestTimeout.Token());
        var context = new AttackContext(forge, new Uri("http://127.0.0.1:9/"), TestClients.Steward);
        string?[] authorizations =
        [
            HostileTokens.Named("expired beyond the clock skew").Authorization(context),
            HostileTokens.Named("payload tampered to elevate the scope to consent:manage").Authorization(context),
            HostileTokens.Named("alg none with empty signature").Authorization(context),
            null,
        ];

        var answers = new List<(HttpStatusCode Status, string Challenge, string? ContentType, string Body)>();
        foreach (var authorization in authorizations)
        {
            var (status, headers, contentType, body) = await TokenAttackTests.SendAsync(hub, "/v1/steward/agreements", authorization);
            var challenge = string.Join(", ", headers.Where(h => h.Key == "WWW-Authenticate").SelectMany(h => h.Value));
            answers.Add((status, challenge, contentType, WithoutTraceId(body)));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.Status));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Single(answers.Select(a => a.Challenge).Distinct());
        Assert.Single(answers.Select(a => a.ContentType).Distinct());

        var rules = (await AuditReader.ReadAllAsync(hub)).Where(e => e.Action == "GET /v1/steward/agreements").Select(e => e.Rule).ToList();
        Assert.Equal([TokenFailureReasons.Expired, TokenFailureReasons.Signature, TokenFailureReasons.Algorithm, TokenFailureReasons.Missing], rules);
    }

    /// <summary>
    /// Text from the request (path, purpose) must not reach the audit raw: the audit refuses
    /// anything that looks like a resident id (and NUL), which made the hub answer 500 and audit nothing.
    /// </summary>
    [Theory]
    [InlineData("anonymous", "/v1/subjects/410102200304120222?purpose=matching", "token.missing")]
    [InlineData("anonymous", "/v1/steward/agreements?purpose=410102200304120222", "token.missing")]
    [InlineData("anonymous", "/v1/steward/agreements?purpose=%00", "token.missing")]
    [InlineData("huawei-hr", "/v1/steward/agreements?purpose=410102200304120222", "scope.missing")]
    [InlineData("huawei-hr", "/v1/subjects/some-key?purpose=%00", "text.nul-character")]
    public async Task Refused_request_carrying_a_resident_id_or_NUL_is_answered_and_audited_without_it(string caller, string pathAndQuery, string rule)
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var http = caller == "anonymous" ? hub.Anonymous() : hub.ClientFor(TestClients.All.Single(c => c.ClientId == caller));

        using var response = await http.GetAsync(pathAndQuery, TestTimeout.Token());

        Assert.True((int)response.StatusCode is 400 or 401 or 403, $"Expected a refusal (400/401/403), got {(int)response.StatusCode}.");
        Assert.Empty(AnswerChecks.Leaked(await response.Content.ReadAsStringAsync(), ["410102200304120222"]));
        var entry = Assert.Single(await AuditReader.ReadAllAsync(hub));
        Assert.Equal("deny", entry.Decision);
        Assert.Equal(rule, entry.Rule);
        Assert.DoesNotContain("410102200304120222", entry.Action + entry.Purpose, StringComparison.Ordinal);
    }

    private static string WithoutTraceId(string body)
    {
        var json = JsonNode.Parse(body)!.AsObject();
        json.Remove("traceId");
        return json.ToJsonString();
    }
}
