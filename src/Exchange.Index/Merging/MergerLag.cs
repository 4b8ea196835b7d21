using Dapper;
using Exchange.Log;
using Npgsql;

namespace Exchange.Index.Merging;

/// <summary>How far the merged index stands behind one partition of a record topic.</summary>
/// <param name="Topic">The record topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="EndOffset">The offset the next message appended to the partition will get.</param>
/// <param name="MergedOffset">The offset of the first message the merger has not yet merged.</param>
public sealed record PartitionLag(string Topic, int Partition, long EndOffset, long MergedOffset)
{
    /// <summary>Messages in the log that the index does not reflect yet.</summary>
    public long Lag => Math.Max(0, EndOffset - MergedOffset);

    /// <summary>
    /// The index stands past the partition's end: the topic was made again or truncated under it,
    /// and the merger merges nothing until the two agree again (docs/operations.md).
    /// </summary>
    public bool Ahead => AheadBy > 0;

    /// <summary>How many offsets the index stands past the partition's end; 0 when it does not.</summary>
    public long AheadBy => Math.Max(0, MergedOffset - EndOffset);
}

/// <summary>
/// Reads the merger's lag: the log's end of each partition of each record topic against where the
/// merger stands, as written in the index with what it merged (not the consumer group's committed
/// offset, which may trail the index by one batch after a crash).
/// </summary>
public sealed class MergerLag(IEventLog log, NpgsqlDataSource database)
{
    private const string PositionsSql = "select topic as Topic, partition as Partition, next_offset as NextOffset from merger_positions";

    /// <summary>One row per partition of every record topic, in topic and partition order.</summary>
    public async Task<IReadOnlyList<PartitionLag>> ReadAsync(CancellationToken cancellationToken)
    {
        Dictionary<(string, int), long> merged;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            merged = (await connection.QueryAsync<PositionRow>(new CommandDefinition(PositionsSql, cancellationToken: cancellationToken)))
                .ToDictionary(r => (r.Topic, r.Partition), r => r.NextOffset);
        }

        var lag = new List<PartitionLag>();
        foreach (var topic in MergerHost.MergedTopics)
        {
            var partitions = await log.GetPartitionCountAsync(topic, cancellationToken) ?? 0;
            for (var partition = 0; partition < partitions; partition++)
            {
                var watermarks = await log.GetWatermarksAsync(topic, partition, cancellationToken);
                // A partition whose early messages were deleted by retention starts at its low mark.
                var position = Math.Max(merged.GetValueOrDefault((topic, partition)), watermarks.Low);
                lag.Add(new PartitionLag(topic, partition, watermarks.High, position));
            }
        }
        return lag;
    }

    private sealed record PositionRow(string Topic, int Partition, long NextOffset);
}
