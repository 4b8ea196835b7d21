using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Support;
using Exchange.Testing;

namespace Exchange.Hub.Tests.OpenApi;

/// <summary>The OpenAPI document shows an example request (where there is a body) and an example answer for every operation, and the hub accepts the request examples.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ApiExamplesTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Every_operation_has_a_request_example_where_it_takes_a_body_and_a_response_example()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var document = await OpenApiDocumentAsync(hub);

        var lacking = new List<string>();
        var operations = 0;
        foreach (var (name, operation) in Operations(document.RootElement))
        {
            operations++;
            if (operation.TryGetProperty("requestBody", out var body) && !body.GetProperty("content").EnumerateObject().Any(m => m.Value.TryGetProperty("example", out _)))
                lacking.Add($"{name}: no request example");
            if (operation.TryGetProperty("requestBody", out body) && body.GetProperty("content").TryGetProperty("application/json", out var json) && !json.TryGetProperty("example", out _))
                lacking.Add($"{name}: no application/json request example");
            var answered = operation.GetProperty("responses").EnumerateObject()
                .Any(r => r.Name.StartsWith('2') && r.Value.TryGetProperty("content", out var content) && content.EnumerateObject().Any(m => m.Value.TryGetProperty("example", out _)));
            if (!answered)
                lacking.Add($"{name}: no example of a successful answer");
        }

        Assert.True(operations >= 20, $"Only {operations} operations in the document.");
        Assert.True(lacking.Count == 0, string.Join('\n', lacking));
    }

    [Fact]
    public async Task The_agreement_example_is_recorded_as_its_answer_example_shows()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var document = await OpenApiDocumentAsync(hub);
        var create = Operation(document.RootElement, "/v1/steward/agreements/", "post");
        var request = create.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetRawText();
        var example = JsonNode.Parse(create.GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("example").GetRawText())!;

        using var steward = hub.ClientFor(TestClients.Steward);
        using var response = await steward.PostAsync("/v1/steward/agreements", new StringContent(request, Encoding.UTF8, "application/json"), TestTimeout.Token());
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.Created, answer.ToJsonString());
        // Ids and times are the store's; every other field is as the example shows.
        foreach (var field in new[] { "id", "recordedAt", "recordedBy" })
        {
            answer.AsObject().Remove(field);
            example.AsObject().Remove(field);
        }
        Assert.True(JsonNode.DeepEquals(example, answer), $"example {example.ToJsonString()}\nanswer  {answer.ToJsonString()}");
    }

    [Fact]
    public async Task The_push_example_is_answered_with_one_record_accepted_and_one_rejected_as_its_answer_example_shows()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var document = await OpenApiDocumentAsync(hub);
        var push = Operation(document.RootElement, "/v1/records/{kind}", "post");
        var request = push.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetRawText();
        var example = push.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("example");

        using var university = hub.ClientFor(TestClients.UniversityA);
        using var response = await university.PostAsync("/v1/records/graduate", new StringContent(request, Encoding.UTF8, "application/json"), TestTimeout.Token());
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK, answer.ToJsonString());
        Assert.Equal((1, 0, 1), ((int)answer["accepted"]!, (int)answer["duplicates"]!, (int)answer["rejected"]!));
        var rejected = answer["records"]![1]!.AsObject();
        Assert.Equal("rejected", (string?)rejected["status"]);
        // Where in the body a record was depends on how the body is laid out; all else is as the example shows.
        rejected.Remove("origin");
        var shown = JsonNode.Parse(example.GetProperty("records")[1].GetRawText())!.AsObject();
        shown.Remove("origin");
        Assert.True(JsonNode.DeepEquals(shown, rejected),
            $"example {example.GetProperty("records")[1]}\nanswer  {rejected.ToJsonString()}");
    }

    [Fact]
    public async Task The_consent_example_is_recorded()
    {
        await using var hub = await HubHost.StartAsync(postgres);
        using var document = await OpenApiDocumentAsync(hub);
        var record = Operation(document.RootElement, "/v1/steward/consents/", "post");
        var request = record.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetRawText();

        using var steward = hub.ClientFor(TestClients.Steward);
        using var response = await steward.PostAsync("/v1/steward/consents", new StringContent(request, Encoding.UTF8, "application/json"), TestTimeout.Token());
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, answer);
        Assert.Equal("inserted", (string?)JsonNode.Parse(answer)!["outcome"]);
    }

    internal static async Task<JsonDocument> OpenApiDocumentAsync(HubHost hub)
    {
        using var http = hub.Anonymous();
        return JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json", TestTimeout.Token()));
    }

    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
                yield return ($"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Value);
    }

    private static JsonElement Operation(JsonElement document, string path, string method) =>
        document.GetProperty("paths").EnumerateObject().Single(p => p.Name.TrimEnd('/') == path.TrimEnd('/')).Value.GetProperty(method);
}
