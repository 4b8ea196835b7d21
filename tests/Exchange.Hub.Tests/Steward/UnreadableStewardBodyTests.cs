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

    private static async Task<JsonNode> PostAsync(HttpClient steward, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await steward.PostAsync("/v1/steward/agreements", content, TestTimeout.Token());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        var problems = JsonNode.Parse(text)!["problems"];
        Assert.True(problems is JsonArray { Count: 1 }, text);
        return problems![0]!;
    }
}
