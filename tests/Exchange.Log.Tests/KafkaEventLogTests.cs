using Exchange.Log.Kafka;
using Exchange.Testing;
using Xunit.Abstractions;

namespace Exchange.Log.Tests;

/// <summary>The contract tests against librdkafka's mock cluster, which each test's log starts in this process (<c>Mock = 3</c>).</summary>
public sealed class KafkaEventLogTests(ITestOutputHelper output) : EventLogContractTests
{
    protected override Task<IEventLog> CreateLogAsync(int partitions) => Task.FromResult<IEventLog>(new KafkaEventLog(
        new KafkaLogOptions
        {
            Mock = 3,
            Partitions = partitions,
            ConsumerConfig =
            {
                // Quick rebalances and frequent background commits keep the tests short.
                ["session.timeout.ms"] = "6000",
                ["heartbeat.interval.ms"] = "300",
                ["auto.commit.interval.ms"] = "200",
            },
        },
        new TestOutputLogger(output)));
}
