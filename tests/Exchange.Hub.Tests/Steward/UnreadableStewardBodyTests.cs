using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Steward;

/// <summary>A steward's JSON body that cannot be read is answered as a push is: 400 with a coded problem in both languages.</summary>
[Collection(PostgresCollection.Name)]
public sealed class UnreadableStewardBodyTests(PostgresFixture postgres)
{
    [Fact]
    public async Task An_agreement_with_a_byte_that_is_not_utf8_was_answered_a_bare_400_without_its_problem()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        var body = Encoding.UTF8.GetBytes("""{"providerOrganisation":"12100000400000624D","purposes":["matching"],"legalBasis":"X""")
            .Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();

        var problem = await PostAsync(steward, body);

        Assert.Equal("input.encoding", (string?)problem["code"]);
        Assert.Contains("UTF-8", (string?)problem["message"], StringComparison.Ordinal);
        Assert.Contains("UTF-8", (string?)problem["messageZh"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agreement_that_is_not_well_formed_json_is_answered_with_where_it_broke()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);

        var problem = await PostAsync(steward, Encoding.UTF8.GetBytes("{\n  \"purposes\": [\"matching\"\n}"));

        Assert.Equal("input.not-json", (string?)problem["code"]);
        Assert.Contains("line 3", (string?)problem["message"], StringComparison.Ordinal);
        Assert.Contains("第 3 行", (string?)problem["messageZh"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agreement_whose_provider_was_misspelled_was_recorded_for_every_provider()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        // "provider" for providerOrganisation: ignored, it left an agreement that names no provider, which covers all.
        var problem = await PostAsync(steward, Agreement(providerMember: "provider", granteeMember: "role"));

        Assert.Equal(("input.unknown-member", "/provider"), ((string?)problem["code"], (string?)problem["pointer"]));
        Assert.Contains("provider", (string?)problem["message"], StringComparison.Ordinal);
        Assert.Contains("provider", (string?)problem["messageZh"], StringComparison.Ordinal);
        using var current = await steward.GetAsync("/v1/steward/agreements", TestTimeout.Token());
        Assert.Equal("[]", await current.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_member_of_a_nested_object_that_the_endpoint_does_not_take_is_named_by_its_path()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var steward = hub.ClientFor(TestClients.Steward);
        var problem = await PostAsync(steward, Agreement(providerMember: "providerOrganisation", granteeMember: "roles"));

        Assert.Equal(("input.unknown-member", "/grantee/roles"), ((string?)problem["code"], (string?)problem["pointer"]));
    }

    // A well-formed agreement but for the names of its provider and its grantee's member, which a test misspells.
    private static byte[] Agreement(string providerMember, string granteeMember) => Encoding.UTF8.GetBytes($$"""
        {"{{providerMember}}":"{{TestClients.UniversityA.Organisation}}","grantee":{"{{granteeMember}}":"employer"},"categories":["education"],
         "purposes":["matching"],"validFrom":"2026-01-01","validThrough":"2027-12-31","legalBasis":"Approval 2026-017"}
        """);

    private static async Task<JsonNode> PostAsync(HttpClient steward, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await steward.PostAsync("/v1/steward/agreements", content, TestTimeout.Token());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        // The detail said 'Failed to read parameter "AgreementRequest request"': the hub's own type, not the caller's words.
        Assert.DoesNotContain("AgreementRequest", text, StringComparison.Ordinal);
        var problems = JsonNode.Parse(text)!["problems"];
        Assert.True(problems is JsonArray { Count: 1 }, text);
        return problems![0]!;
    }
}
