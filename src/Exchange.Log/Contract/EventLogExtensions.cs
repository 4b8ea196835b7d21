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
}
