using System.Diagnostics;
using Confluent.Kafka;
using Exchange.Log.Kafka;

namespace Exchange.Log.Tests;

/// <summary>Each fault the mock cluster injects, seen through a real Kafka client.</summary>
[Collection(BrokerRestartCollection.Name)]
public sealed class MockClusterFaultTests
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_broker_set_down_delivers_nothing_until_it_is_set_up_again()
    {
        using var cluster = MockCluster.Start(1);
        var topic = NewTopic(cluster, partitions: 1, replicationFactor: 1);
        // The message waits for its broker no longer than the broker stays down.
        using var producer = Producer(cluster, new() { MessageTimeoutMs = 2_000 });
        await producer.ProduceAsync(topic, Message("before"));

        cluster.SetBrokerDown(1);
        var refused = await Assert.ThrowsAsync<ProduceException<string, string>>(() => producer.ProduceAsync(topic, Message("while down")));
        Assert.Equal(ErrorCode.Local_MsgTimedOut, refused.Error.Code);

        cluster.SetBrokerUp(1);
        var delivered = await producer.ProduceAsync(topic, Message("after"));
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
    }

    [Fact]
    public async Task Pushed_request_errors_answer_the_next_requests_of_their_kind_in_order()
    {
        using var cluster = MockCluster.Start(1);
        var topic = NewTopic(cluster, partitions: 1, replicationFactor: 1);
        // Errors no producer retries reach the delivery report as the broker answered them.
        using var producer = Producer(cluster, new() { EnableIdempotence = false, Acks = Acks.Leader });
        await producer.ProduceAsync(topic, Message("metadata known"));

        cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.MsgSizeTooLarge, ErrorCode.InvalidRecord);

        var first = await Assert.ThrowsAsync<ProduceException<string, string>>(() => producer.ProduceAsync(topic, Message("first")));
        var second = await Assert.ThrowsAsync<ProduceException<string, string>>(() => producer.ProduceAsync(topic, Message("second")));
        Assert.Equal((ErrorCode.MsgSizeTooLarge, ErrorCode.InvalidRecord), (first.Error.Code, second.Error.Code));
        Assert.Equal(PersistenceStatus.Persisted, (await producer.ProduceAsync(topic, Message("third"))).Status);
    }

    [Fact]
    public async Task Cleared_request_errors_are_never_answered()
    {
        using var cluster = MockCluster.Start(1);
        var topic = NewTopic(cluster, partitions: 1, replicationFactor: 1);
        using var producer = Producer(cluster, new() { EnableIdempotence = false, Acks = Acks.Leader });
        await producer.ProduceAsync(topic, Message("metadata known"));

        cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.MsgSizeTooLarge);
        cluster.ClearRequestErrors(KafkaApiKey.Produce);

        Assert.Equal(PersistenceStatus.Persisted, (await producer.ProduceAsync(topic, Message("served"))).Status);
    }

    [Fact]
    public async Task An_idempotent_producer_retries_through_produce_errors_and_stores_each_message_once()
    {
        using var cluster = MockCluster.Start(3);
        var topic = NewTopic(cluster, partitions: 1, replicationFactor: 3);
        var producerErrors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 1,
            // The producer's own account of each failed request, to see that the errors were met and retried.
            Debug = "msg",
        }).SetLogHandler((_, line) =>
        {
            if (line.Facility == "MSGSET" && line.Message.Contains("encountered error", StringComparison.Ordinal))
                producerErrors.Enqueue(line.Message);
        }).Build();
        await producer.ProduceAsync(topic, Message("metadata known"));

        cluster.PushRequestErrors(KafkaApiKey.Produce,
            ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut);
        var deliveries = Enumerable.Range(0, 20).Select(i => producer.ProduceAsync(topic, Message($"retried {i}"))).ToList();
        await Task.WhenAll(deliveries);

        // librdkafka logs from its broker thread as it meets each error, before the retry that delivers.
        Assert.Equal(4, producerErrors.Count);
        Assert.Equal(["metadata known", .. Enumerable.Range(0, 20).Select(i => $"retried {i}")], ReadAll(cluster, topic));
    }

    [Fact]
    public async Task A_consumer_is_told_of_pushed_fetch_errors_and_still_reads_every_message()
    {
        using var cluster = MockCluster.Start(1);
        var topic = NewTopic(cluster, partitions: 1, replicationFactor: 1);
        using (var producer = Producer(cluster, new()))
        {
            for (var i = 0; i < 5; i++)
                await producer.ProduceAsync(topic, Message($"message {i}"));
        }

        cluster.PushRequestErrors(KafkaApiKey.Fetch, ErrorCode.RequestTimedOut, ErrorCode.NotLeaderForPartition);
        var errors = new List<ErrorCode>();
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"message {i}"), ReadAll(cluster, topic, errors));
        Assert.Contains(ErrorCode.RequestTimedOut, errors);
    }

    [Fact]
    public async Task A_leader_change_moves_the_partition_in_the_metadata_and_producers_follow_it()
    {
        using var cluster = MockCluster.Start(3);
        var topic = NewTopic(cluster, partitions: 1, replicationFactor: 3);
        using var producer = Producer(cluster, new());
        await producer.ProduceAsync(topic, Message("before"));
        var leader = LeaderOf(cluster, topic, 0);
        var next = leader % cluster.Brokers + 1;

        cluster.SetPartitionLeader(topic, 0, next);

        Assert.Equal(next, LeaderOf(cluster, topic, 0));
        Assert.Equal(PersistenceStatus.Persisted, (await producer.ProduceAsync(topic, Message("after"))).Status);
        Assert.Equal(["before", "after"], ReadAll(cluster, topic));
    }

    [Fact]
    public async Task A_broker_round_trip_time_delays_each_answer_by_at_least_that_much()
    {
        using var cluster = MockCluster.Start(1);
        var topic = NewTopic(cluster, partitions: 1, replicationFactor: 1);
        using var producer = Producer(cluster, new() { LingerMs = 0 });
        await producer.ProduceAsync(topic, Message("connected"));

        cluster.SetBrokerRoundTripTime(1, TimeSpan.FromMilliseconds(400));
        var slow = Stopwatch.StartNew();
        await producer.ProduceAsync(topic, Message("slow"));
        Assert.True(slow.Elapsed >= TimeSpan.FromMilliseconds(400), $"answered in {slow.Elapsed.TotalMilliseconds:0} ms");

        cluster.SetBrokerRoundTripTime(1, TimeSpan.Zero);
        Assert.Equal(PersistenceStatus.Persisted, (await producer.ProduceAsync(topic, Message("quick"))).Status);
    }

    [Fact]
    public void Faults_name_only_brokers_the_cluster_has()
    {
        using var cluster = MockCluster.Start(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetBrokerDown(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetBrokerUp(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster.SetPartitionLeader("any", 0, 3));
    }

    private static string NewTopic(MockCluster cluster, int partitions, int replicationFactor)
    {
        var topic = $"faults-{Guid.NewGuid():N}";
        Assert.True(cluster.CreateTopic(topic, partitions, replicationFactor));
        return topic;
    }

    private static IProducer<string, string> Producer(MockCluster cluster, ProducerConfig config)
    {
        config.BootstrapServers = cluster.BootstrapServers;
        config.LingerMs ??= 1;
        return new ProducerBuilder<string, string>(config).Build();
    }

    private static Message<string, string> Message(string value) => new() { Key = "key", Value = value };

    private static int LeaderOf(MockCluster cluster, string topic, int partition)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        return admin.GetMetadata(topic, MetadataTimeout).Topics.Single().Partitions.Single(p => p.PartitionId == partition).Leader;
    }

    // Every message of the topic's only partition, from its start to its end (every produce was acknowledged before).
    private static List<string> ReadAll(MockCluster cluster, string topic) => ReadAll(cluster, topic, []);

    // The same, noting the errors the consumer reports on the way (a consumer steps past them).
    private static List<string> ReadAll(MockCluster cluster, string topic, List<ErrorCode> errors)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = $"faults-reader-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var values = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            ConsumeResult<string, string> result;
            try
            {
                result = consumer.Consume(timeout.Token);
            }
            catch (ConsumeException e) when (!e.Error.IsFatal)
            {
                errors.Add(e.Error.Code);
                continue;
            }
            if (result.IsPartitionEOF)
                break;
            values.Add(result.Message.Value);
        }
        consumer.Close();
        return values;
    }
}
