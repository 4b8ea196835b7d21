using System.Security.Cryptography;

namespace Exchange.Log;

/// <summary>
/// Whether a reader that keeps its own position in a partition, in its own database, still reads
/// the topic it read. Such a reader moves only past messages the log holds and keeps the identity
/// of the last it applied; a position past the partition's end, or another message at its last
/// position, means the topic was deleted and made again (or truncated) under a store that outlived
/// it. Its new messages then sit at offsets the reader counts as applied, and would be skipped.
/// </summary>
public static class TopicContinuity
{
    /// <summary>A message's identity: its <c>ce_id</c>, or for a message without one a digest of what it carries.</summary>
    public static string IdentityOf(ConsumedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Headers.TryGetValue(CloudEventHeaders.Id, out var id) && id.Length > 0
            ? id
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(message.Value.Span));
    }

    /// <summary>
    /// Checks one partition against where a reader stands in it: <paramref name="next"/>, the next
    /// offset it would apply, and <paramref name="lastMessage"/>, the identity of the message it
    /// applied last (null where it was not kept: then only a position past the end can be seen, as
    /// also where retention has deleted that message).
    /// </summary>
    public static async Task<PartitionContinuity> CheckAsync(IEventLog log, string topic, int partition, long next, string? lastMessage,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (next == 0)
            return new PartitionContinuity(PartitionState.Continues, next, 0);
        var end = (await log.GetWatermarksAsync(topic, partition, cancellationToken)).High;
        if (next > end)
            return new PartitionContinuity(PartitionState.Ahead, next, end);
        if (lastMessage is not null)
        {
            await foreach (var message in log.ReplayAsync(topic, partition, next - 1, cancellationToken))
            {
                if (message.Offset == next - 1 && IdentityOf(message) != lastMessage)
                    return new PartitionContinuity(PartitionState.MadeAgain, next, end);
                break;
            }
        }
        return new PartitionContinuity(PartitionState.Continues, next, end);
    }
}

/// <summary>What <see cref="TopicContinuity.CheckAsync"/> found in one partition.</summary>
/// <param name="State">Whether the reader still reads the topic it read.</param>
/// <param name="Stored">The next offset the reader would apply.</param>
/// <param name="End">The partition's end: the offset its next message will get.</param>
public sealed record PartitionContinuity(PartitionState State, long Stored, long End);

/// <summary>How a partition stands against a reader's stored position.</summary>
public enum PartitionState
{
    /// <summary>The message at the reader's last position is the one it applied there (or nothing tells otherwise).</summary>
    Continues,

    /// <summary>The reader stands past the end of the partition: nothing tells which of its messages are new.</summary>
    Ahead,

    /// <summary>Another message sits at the reader's last position: the topic was made again and has grown past it.</summary>
    MadeAgain,
}
