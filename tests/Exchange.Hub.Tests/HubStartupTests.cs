using System.Net;
using System.Text.Json;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests;

[Collection(PostgresCollection.Name)]
public sealed class HubStartupTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Hub_answers_health_and_publishes_its_OpenAPI_document()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var http = hub.Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
        using var openApi = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var paths = openApi.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/steward/agreements", out _));
        Assert.True(paths.TryGetProperty("/v1/steward/consents", out _));
        Assert.True(paths.TryGetProperty("/v1/steward/audit", out _));
    }
}
