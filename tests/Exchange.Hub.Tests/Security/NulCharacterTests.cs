using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Security;

/// <summary>
/// PostgreSQL's text cannot hold U+0000. A NUL in a query parameter or a steward's body reached the
/// database and was answered 500, as if the hub had failed; it is the caller's input, answered 400
/// with the coded problem a record with one gets (<c>text.nul-character</c>).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NulCharacterTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("/v1/graduates?purpose=matching&skills=a%00b", "skills")]
    [InlineData("/v1/graduates?purpose=matching&policy=11410000MB0000001X/POL%00", "policy")]
    [InlineData("/v1/vacancies?purpose=matching&skills=%00", "skills")]
    [InlineData("/v1/changes?purpose=matching&after=%00%01", "after")]
    public async Task A_NUL_in_a_search_parameter_was_answered_500(string path, string parameter)
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var matcher = hub.ClientFor(TestClients.Matcher);

        using var response = await matcher.GetAsync(path, TestTimeout.Token());

        var problem = await ProblemAsync(response);
        Assert.Contains(parameter, (string?)problem["message"], StringComparison.Ordinal);
        // Refused before the endpoint, and audited as every refusal is.
        var entry = Assert.Single(await AuditReader.ReadAllAsync(hub));
        Assert.Equal(("deny", "text.nul-character", TestClients.Matcher.ClientId, "matching"), (entry.Decision, entry.Rule, entry.CallerClientId, entry.Purpose));
    }

    [Fact]
    public async Task A_NUL_in_the_subject_of_a_stewards_consent_list_was_answered_500()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);

        using var response = await steward.GetAsync("/v1/steward/consents?subject=%00", TestTimeout.Token());

        await ProblemAsync(response);
    }

    [Fact]
    public async Task A_NUL_in_an_agreements_legal_basis_was_answered_500_and_nothing_is_stored()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        using var content = new StringContent("""
            {"grantee":{"organisation":"11410100MB0123456B"},"categories":["hardship"],"purposes":["service-delivery"],
             "validFrom":"2026-01-01","validThrough":"2027-12-31","legalBasis":"Employment Promotion Law\u0000 art. 55"}
            """, Encoding.UTF8, "application/json");

        using var response = await steward.PostAsync("/v1/steward/agreements", content, TestTimeout.Token());

        await ProblemAsync(response);
        using var list = await steward.GetAsync("/v1/steward/agreements", TestTimeout.Token());
        Assert.Equal("[]", await list.Content.ReadAsStringAsync());
    }

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        var problems = JsonNode.Parse(text)!["problems"];
        Assert.True(problems is JsonArray { Count: 1 }, text);
        Assert.Equal("text.nul-character", (string?)problems![0]!["code"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problems[0]!["messageZh"]));
        return problems[0]!;
    }
}
