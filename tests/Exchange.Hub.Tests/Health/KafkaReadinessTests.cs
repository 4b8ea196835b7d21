using System.Net;
using Exchange.Hub.Health;
using Exchange.Hub.Tests.Support;
using Exchange.Log.Kafka;
using Exchange.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Hub.Tests.Health;

/// <summary>The event-log check on Kafka: the brokers' metadata, within a short timeout.</summary>
[Collection(PostgresCollection.Name)]
public sealed class KafkaReadinessTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_hub_on_Kafka_is_ready_when_its_brokers_answer()
    {
        await using var hub = await HubHost.StartAsync(postgres, new Dictionary<string, string?> { ["Exchange:Kafka:Mock"] = "2" });
        using var http = hub.Anonymous();

        var ready = await ReadyProbe.GetAsync(http);
        Assert.True(ready.Status == HttpStatusCode.OK, ready.Text);
        Assert.Equal("Kafka: the cluster answered, naming 2 broker(s).", ready.CheckDescription("event-log"));
    }

    [Fact]
    public async Task The_event_log_check_fails_when_no_Kafka_broker_answers()
    {
        // Nothing listens on port 1: every metadata request goes unanswered.
        await using var log = new KafkaEventLog(new KafkaLogOptions { BootstrapServers = "127.0.0.1:1" }, NullLogger.Instance);
        var check = new EventLogHealthCheck(log);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("event-log", check, HealthStatus.Unhealthy, null) };

        var failure = await Assert.ThrowsAsync<Exchange.Log.EventLogException>(() => check.CheckHealthAsync(context, TestTimeout.Token()));
        Assert.Contains("No Kafka broker answered", failure.Message, StringComparison.Ordinal);
    }
}
