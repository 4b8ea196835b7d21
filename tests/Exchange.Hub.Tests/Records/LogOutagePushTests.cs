using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Exchange.Hub.Tests.Support;
using Exchange.Log;
using Exchange.Log.Kafka;
using Exchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Hub.Tests.Records;

/// <summary>A push while the event log cannot store anything: the sender learns it is an outage, when to come back, and that retrying is safe.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LogOutagePushTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_push_while_the_only_broker_was_down_was_answered_a_bare_500_and_is_now_a_coded_503_with_retry_after()
    {
        using var kafka = MockCluster.Start(1);
        foreach (var topic in Topics.All)
            kafka.CreateTopic(topic, 1, 1);
        await using var hub = await HubHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Exchange:Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Exchange:Kafka:Partitions"] = "1",
            ["Exchange:Kafka:ReplicationFactor"] = "1",
            // An append gives up on the broker after 2 s, well inside the request's own time.
            ["Exchange:Kafka:ProducerConfig:message.timeout.ms"] = "2000",
        });
        using var university = hub.ClientFor(TestClients.UniversityA);
        var record = Samples.GraduateFor(TestClients.UniversityA);

        kafka.SetBrokerDown(1);
        var refused = await university.SendAsync(Push(record, "outage-2026-12-03-001"));
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.EndsWith("/log-unavailable", (string)problem!["type"]!, StringComparison.Ordinal);
        var coded = problem["problems"]!.AsArray().Single()!;
        Assert.Equal("log.unavailable", (string)coded["code"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)coded["messageZh"]));
        // Nothing of the broker's own words, which name hosts and ports, reaches the sender.
        Assert.DoesNotContain(kafka.BootstrapServers.Split(',')[0], problem.ToJsonString(), StringComparison.Ordinal);

        kafka.SetBrokerUp(1);
        var retried = await university.SendAsync(Push(record, "outage-2026-12-03-001"));
        var answer = await retried.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(1, (int)answer!["accepted"]!);
        Assert.Equal(1, await hub.Services.GetRequiredService<IEventLog>().CountMessagesAsync(Topics.For(Exchange.Core.Model.RecordKind.Graduate), TestTimeout.Token()));
    }

    private static HttpRequestMessage Push(JsonObject record, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/records/graduate")
        {
            Content = new StringContent("[" + record.ToJsonString() + "]", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }
}
