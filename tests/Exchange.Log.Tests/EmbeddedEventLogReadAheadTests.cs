using System.Diagnostics;

namespace Exchange.Log.Tests;

/// <summary>The batch the embedded consumer reads ahead is handed out only where a fetch in turn would have read it.</summary>
public sealed partial class EmbeddedEventLogTests
{
    private static readonly TimeSpan ReadAheadPatience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_batch_read_ahead_before_a_rebalance_is_not_handed_out_and_every_message_arrives_once()
    {
        var topic = await NewTopicAsync(4);
        var group = NewGroup();
        // Appends of their own, so that a batch taken oldest first holds messages of every partition.
        for (var i = 0; i < 40; i++)
            await Log.AppendAsync(topic, Messages(10, $"m{i}"));

        using var a = Subscribe(group, topic);
        var clock = Stopwatch.StartNew();
        var first = a.Consume(50, TimeSpan.FromMilliseconds(200));
        while (first.Count == 0 && clock.Elapsed < ReadAheadPatience)
            first = a.Consume(50, TimeSpan.FromMilliseconds(200));
        // Alone in the group it holds every partition, and reads the next 50 messages ahead.
        Assert.Equal(4, a.Assignment.Count);
        Assert.Equal(4, first.Select(m => m.Partition).Distinct().Count());
        a.Commit(first);

        // A second member joins: at its next heartbeat the first gives up half the partitions, whose
        // messages the batch read ahead holds; their new holder starts from the first's commits.
        using var b = Subscribe(group, topic);
        var seen = new Dictionary<IEventLogConsumer, List<ConsumedMessage>> { [a] = [.. first], [b] = [] };
        while (seen.Values.Sum(l => l.Count) < 400 && clock.Elapsed < ReadAheadPatience)
        {
            foreach (var consumer in new[] { b, a })
            {
                var batch = consumer.Consume(50, TimeSpan.FromMilliseconds(200));
                consumer.Commit(batch);
                seen[consumer].AddRange(batch);
            }
        }

        var all = seen.Values.SelectMany(l => l).ToList();
        Assert.NotEmpty(seen[b]);
        Assert.Equal(400, all.Select(m => m.Position).Distinct().Count());
        Assert.Equal(400, all.Count);
    }
}
