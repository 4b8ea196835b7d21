using Exchange.Log.Kafka;
using Exchange.Testing;
using Xunit.Abstractions;

namespace Exchange.Log.Tests;

/// <summary>A message the producer refuses before any broker sees it fails its batch as an outage of the log would.</summary>
public sealed class KafkaAppendRefusalTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_message_larger_than_the_producer_takes_fails_the_append_after_the_messages_before_it_are_stored()
    {
        await using var log = new KafkaEventLog(
            new KafkaLogOptions { Mock = 1, Partitions = 1, ProducerConfig = { ["message.max.bytes"] = "2000" } },
            new TestOutputLogger(output));
        var topic = $"refusal.{Guid.NewGuid():N}";
        await log.EnsureTopicsAsync([topic], partitions: 1);

        var small = new LogMessage("key", new Dictionary<string, string>(), new byte[100]);
        var large = new LogMessage("key", new Dictionary<string, string>(), new byte[10_000]);
        var refused = await Assert.ThrowsAsync<EventLogException>(() => log.AppendAsync(topic, [small, small, large, small]));

        Assert.Contains("MsgSizeTooLarge", refused.Message, StringComparison.Ordinal);
        // The two produced before the refusal were reported before the append answered; the one after it was never produced.
        Assert.Equal(2, (await log.GetWatermarksAsync(topic, 0)).High);
    }
}
