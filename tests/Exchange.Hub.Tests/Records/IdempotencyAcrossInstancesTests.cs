using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Exchange.Core.Model;
using Exchange.Hub.Tests.Support;
using Exchange.Log;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Records;

/// <summary>A client that retries a keyed push gets one answer, whichever instance of the hub each attempt reaches and however they overlap.</summary>
[Collection(PostgresCollection.Name)]
public sealed class IdempotencyAcrossInstancesTests(PostgresFixture postgres)
{
    private const int Graduates = 1_500;

    [Fact]
    public async Task Overlapping_pushes_with_one_idempotency_key_through_two_instances_got_different_answers()
    {
        await using var first = await HubHost.StartAsync(postgres);
        // A second instance on the same database and event log, as behind a load balancer.
        await using var second = await HubHost.StartAsync(postgres, new Dictionary<string, string?> { ["ConnectionStrings:Exchange"] = first.ConnectionString });
        using var viaFirst = first.ClientFor(TestClients.UniversityA);
        using var viaSecond = second.ClientFor(TestClients.UniversityA);
        var body = new JsonArray([.. Enumerable.Range(0, Graduates).Select(n =>
        {
            var graduate = Samples.GraduateFor(TestClients.UniversityA).DeepClone();
            graduate["recordId"] = RecordIds.Numbered("IDEM-", n);
            return (JsonNode)graduate;
        })]).ToJsonString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => PushAsync(i % 2 == 0 ? viaFirst : viaSecond, body, "enrolment-2026-07-01")));

        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.StartsWith("200 ", answers[0], StringComparison.Ordinal);
        var answer = JsonNode.Parse(answers[0][4..])!;
        Assert.Equal((Graduates, 0), ((int)answer["accepted"]!, (int)answer["duplicates"]!));
        Assert.Equal(Graduates, await first.Services.GetRequiredService<IEventLog>().CountMessagesAsync(Topics.For(RecordKind.Graduate), TestTimeout.Token()));
    }

    private static async Task<string> PushAsync(HttpClient client, string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/records/graduate") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request, TestTimeout.Token());
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }
}
