using System.Collections.Concurrent;
using System.Text;
using Dapper;

namespace Exchange.Log.Tests;

/// <summary>What only the embedded log has to prove itself: offsets from concurrent appenders, and retention.</summary>
public sealed partial class EmbeddedEventLogTests
{
    private const string VisibleSql = """
        select partition as Partition, count(*) as Count, max(log_offset) as MaxOffset
        from messages where topic = @topic group by partition
        """;

    [Fact]
    public async Task Concurrent_appenders_get_gapless_offsets_and_a_polling_reader_never_sees_one_appear_behind_it()
    {
        const int appenders = 8, perAppender = 500, batchSize = 25, partitions = 4;
        var topic = await NewTopicAsync(partitions);
        var positions = new ConcurrentBag<LogPosition>();
        using var done = new CancellationTokenSource();

        // A raw reader: each poll must see, per partition, a gapless prefix 0..max that only grows.
        var pollViolations = new ConcurrentQueue<string>();
        var polls = 0;
        var poller = Task.Run(async () =>
        {
            var maxSeen = new long[partitions];
            Array.Fill(maxSeen, -1);
            while (!done.IsCancellationRequested)
            {
                await using var connection = await DataSource.OpenConnectionAsync();
                foreach (var row in await connection.QueryAsync<Visible>(VisibleSql, new { topic }))
                {
                    if (row.Count != row.MaxOffset + 1)
                    {
                        pollViolations.Enqueue($"partition {row.Partition}: {row.Count} rows but max offset {row.MaxOffset}");
                    }

                    if (row.MaxOffset < maxSeen[row.Partition])
                    {
                        pollViolations.Enqueue($"partition {row.Partition}: max offset went back from {maxSeen[row.Partition]} to {row.MaxOffset}");
                    }

                    maxSeen[row.Partition] = row.MaxOffset;
                }

                Interlocked.Increment(ref polls);
            }
        });

        // A group member reading concurrently: a record appearing behind its position would be missed for good.
        var consumed = new ConcurrentQueue<ConsumedMessage>();
        using var consumer = Subscribe(NewGroup(), topic);
        var reading = consumer.RunOnDedicatedThread(
            (batch, _) =>
            {
                foreach (var message in batch)
                {
                    consumed.Enqueue(message);
                }

                return Task.CompletedTask;
            },
            200, TimeSpan.FromMilliseconds(100), done.Token);

        await Task.WhenAll(Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
        {
            for (var start = 0; start < perAppender; start += batchSize)
            {
                var batch = Enumerable.Range(start, batchSize)
                    .Select(i => Message($"appender-{a}-key-{i % 17}", $"{a}:{i}"))
                    .ToList();
                foreach (var position in await Log.AppendAsync(topic, batch))
                {
                    positions.Add(position);
                }
            }
        })));

        var total = appenders * perAppender;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (consumed.Count < total && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        await done.CancelAsync();
        await poller;
        await reading;

        Assert.Empty(pollViolations);
        Assert.True(polls > 1, "The reader did not poll while appending.");
        AssertGaplessPerPartition(positions.ToList(), total);
        AssertGaplessPerPartition([.. consumed.Select(m => m.Position)], total);
        Assert.Equal(total, consumed.Select(m => Encoding.UTF8.GetString(m.Value.Span)).Distinct().Count());
    }

    [Fact]
    public async Task Retention_removes_old_messages_without_reusing_their_offsets()
    {
        var topic = await NewTopicAsync(1);
        await Log.AppendAsync(topic, Messages(5, "old"));
        await Task.Delay(1500);
        await Log.AppendAsync(topic, Messages(2, "recent"));

        Assert.Equal(5, await Embedded.ApplyRetentionAsync(TimeSpan.FromSeconds(1)));

        Assert.Equal(new PartitionWatermarks(5, 7), await Log.GetWatermarksAsync(topic, 0));
        Assert.Equal([5L, 6], (await ToListAsync(Log.ReplayAsync(topic, 0, 0))).Select(m => m.Offset));
        var next = await Log.AppendAsync(topic, Messages(1, "next"));
        Assert.Equal(7, next[0].Offset);

        using var consumer = Subscribe(NewGroup(), topic);
        Assert.Equal([5L, 6, 7], ConsumeUntil([consumer], 3).Select(m => m.Offset));
    }

    private static void AssertGaplessPerPartition(List<LogPosition> positions, int total)
    {
        Assert.Equal(total, positions.Count);
        foreach (var partition in positions.GroupBy(p => p.Partition))
        {
            var offsets = partition.Select(p => p.Offset).Order().ToList();
            Assert.Equal(Enumerable.Range(0, offsets.Count).Select(i => (long)i), offsets);
        }
    }

    private sealed record Visible(int Partition, long Count, long MaxOffset);
}
