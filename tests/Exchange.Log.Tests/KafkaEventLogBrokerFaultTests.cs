using Exchange.Log.Kafka;
using Exchange.Testing;
using Xunit.Abstractions;

namespace Exchange.Log.Tests;

/// <summary>The Kafka event log against brokers that fail: what it answers while they do, and after.</summary>
[Collection(BrokerRestartCollection.Name)]
public sealed class KafkaEventLogBrokerFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Watermarks_of_a_partition_whose_leader_moved_are_answered_by_the_new_leader()
    {
        using var cluster = MockCluster.Start(3);
        var topic = $"moved-{Guid.NewGuid():N}";
        cluster.CreateTopic(topic, 1, 3);
        await using var log = Log(cluster);
        await log.AppendAsync(topic, [Message("one")]);
        var before = await log.GetWatermarksAsync(topic, 0);

        cluster.SetPartitionLeader(topic, 0, LeaderOf(cluster, topic) % cluster.Brokers + 1);

        Assert.Equal(before, await log.GetWatermarksAsync(topic, 0));
    }

    [Fact]
    public async Task Watermarks_asked_while_the_leader_is_down_fail_as_an_event_log_outage()
    {
        using var cluster = MockCluster.Start(1);
        var topic = $"down-{Guid.NewGuid():N}";
        cluster.CreateTopic(topic, 1, 1);
        await using var log = Log(cluster);
        await log.AppendAsync(topic, [Message("one")]);

        cluster.SetBrokerDown(1);

        await Assert.ThrowsAsync<EventLogException>(() => log.GetWatermarksAsync(topic, 0));
        cluster.SetBrokerUp(1);
        Assert.Equal(1, (await log.GetWatermarksAsync(topic, 0)).High);
    }

    [Fact]
    public async Task An_offset_looked_up_by_time_while_the_leader_was_down_threw_a_raw_Kafka_exception_and_now_fails_as_an_event_log_outage()
    {
        using var cluster = MockCluster.Start(1);
        var topic = $"by-time-{Guid.NewGuid():N}";
        cluster.CreateTopic(topic, 1, 1);
        await using var log = Log(cluster);
        await log.AppendAsync(topic, [Message("one")]);

        cluster.SetBrokerDown(1);

        await Assert.ThrowsAsync<EventLogException>(() => log.OffsetForTimeAsync(topic, 0, DateTimeOffset.UtcNow.AddHours(-1)));
        cluster.SetBrokerUp(1);
        Assert.Equal(0, await log.OffsetForTimeAsync(topic, 0, DateTimeOffset.UtcNow.AddHours(-1)));
    }

    private static int LeaderOf(MockCluster cluster, string topic)
    {
        using var admin = new Confluent.Kafka.AdminClientBuilder(new Confluent.Kafka.AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        return admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Single().Leader;
    }

    private KafkaEventLog Log(MockCluster cluster) =>
        new(new KafkaLogOptions { BootstrapServers = cluster.BootstrapServers }, new TestOutputLogger(output));

    private static LogMessage Message(string value) =>
        new("key", new Dictionary<string, string>(StringComparer.Ordinal), System.Text.Encoding.UTF8.GetBytes(value));
}
