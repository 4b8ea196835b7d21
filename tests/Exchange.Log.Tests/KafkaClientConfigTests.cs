using Exchange.Log.Kafka;

namespace Exchange.Log.Tests;

public sealed class KafkaClientConfigTests
{
    private const string Prefetch = "queued.max.messages.kbytes";

    [Fact]
    public void A_consumer_fetches_ahead_no_more_than_the_hubs_bound_rather_than_librdkafkas_64_MB()
    {
        var options = new KafkaLogOptions { BootstrapServers = "broker:9092" };

        Assert.Equal(KafkaClientConfig.PrefetchKilobytes, KafkaClientConfig.GroupMember(options, "broker:9092", "merger").QueuedMaxMessagesKbytes);
        Assert.Equal(KafkaClientConfig.PrefetchKilobytes, KafkaClientConfig.Reader(options, "broker:9092").QueuedMaxMessagesKbytes);
        Assert.True(KafkaClientConfig.PrefetchKilobytes < 65_536);
    }

    [Fact]
    public void An_operators_prefetch_setting_wins_over_the_hubs_bound()
    {
        var options = new KafkaLogOptions
        {
            BootstrapServers = "broker:9092",
            ConsumerConfig = { [Prefetch] = "65536" },
        };

        Assert.Equal(65_536, KafkaClientConfig.GroupMember(options, "broker:9092", "merger").QueuedMaxMessagesKbytes);
        Assert.Equal(65_536, KafkaClientConfig.Reader(options, "broker:9092").QueuedMaxMessagesKbytes);
    }
}
