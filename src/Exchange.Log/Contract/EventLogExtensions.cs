using System.Runtime.CompilerServices;

namespace Exchange.Log;

/// <summary>Conveniences over <see cref="IEventLog"/> that both implementations share.</summary>
public static class EventLogExtensions
{
    /// <summary>Reads one partition from the first message appended at or after <paramref name="fromTime"/> to the current end.</summary>
    public static async IAsyncEnumerable<ConsumedMessage> ReplayAsync(
        this IEventLog log, string topic, int partition, DateTimeOffset fromTime,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var offset = await log.OffsetForTimeAsync(topic, partition, fromTime, cancellationToken);
        await foreach (var message in log.ReplayAsync(topic, partition, offset, cancellationToken))
        {
            yield return message;
        }
    }

    /// <summary>How many messages a topic holds now, over all partitions (0 for a topic that does not exist).</summary>
    public static async Task<long> CountMessagesAsync(this IEventLog log, string topic, CancellationToken cancellationToken = default)
    {
        var partitions = await log.GetPartitionCountAsync(topic, cancellationToken) ?? 0;
        long count = 0;
        for (var partition = 0; partition < partitions; partition++)
        {
            var marks = await log.GetWatermarksAsync(topic, partition, cancellationToken);
            count += marks.High - marks.Low;
        }
        return count;
    }
}
