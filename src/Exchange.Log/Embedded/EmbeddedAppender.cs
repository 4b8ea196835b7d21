using System.Buffers;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Exchange.Log.Embedded;

/// <summary>
/// Appends batches to the embedded log with gapless offsets per partition that become visible in
/// offset order.
/// </summary>
/// <remarks>
/// Why not a sequence or a serial column: a sequence hands out numbers when they are asked for,
/// but transactions commit in whatever order they finish. Appender A can take offset 7, appender
/// B offset 8, B commits first; a consumer reads 8, moves its position to 9 — and then A commits
/// 7 behind it, which that consumer never sees. A rolled-back transaction also burns its numbers,
/// leaving gaps. Instead each partition has a head row holding <c>next_offset</c>; an append locks
/// the head rows it needs (<c>select … for update</c>, in partition order so two batches cannot
/// deadlock), takes offsets from them, inserts its rows, advances the heads and commits. The next
/// appender to the same partition waits on the lock until that commit is visible, so offsets are
/// assigned in commit order, without gaps, and a reader never finds a new record behind one it
/// has already passed. The price is that appends to one partition are serialised, one
/// transaction (a COPY of the whole batch) at a time.
/// </remarks>
internal sealed class EmbeddedAppender(NpgsqlDataSource dataSource)
{
    private const string LockHeadsSql = """
        select partition as Partition, next_offset as NextOffset,
               greatest(clock_timestamp(), last_appended_at) as AppendedAt
        from partitions
        where topic = @topic and partition = any(@partitions)
        order by partition
        for update
        """;

    private const string CopySql =
        "copy messages (topic, partition, log_offset, key, headers, value, appended_at) from stdin (format binary)";

    private const string AdvanceHeadsSql = """
        update partitions as p
        set next_offset = h.next_offset, last_appended_at = h.appended_at
        from unnest(@partitions, @nextOffsets, @appendedAts) as h(partition, next_offset, appended_at)
        where p.topic = @topic and p.partition = h.partition
        """;

    private int _roundRobin;

    public async Task<IReadOnlyList<LogPosition>> AppendAsync(
        string topic, int partitionCount, IReadOnlyList<LogMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return [];
        }

        var partitionOf = new int[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            partitionOf[i] = messages[i].Key is { } key
                ? KeyPartitioner.PartitionFor(key, partitionCount)
                : (int)((uint)Interlocked.Increment(ref _roundRobin) % (uint)partitionCount);
        }

        var touched = partitionOf.Distinct().Order().ToArray();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var heads = (await connection.QueryAsync<Head>(new CommandDefinition(
            LockHeadsSql, new { topic, partitions = touched }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(h => h.Partition);
        if (heads.Count != touched.Length)
        {
            throw new EventLogException($"Topic '{topic}' lacks partitions {string.Join(", ", touched.Where(p => !heads.ContainsKey(p)))}.");
        }

        var positions = new LogPosition[messages.Count];
        var next = heads.ToDictionary(h => h.Key, h => h.Value.NextOffset);
        var headersJson = new ArrayBufferWriter<byte>(1024);
        await using (var writer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken))
        {
            for (var i = 0; i < messages.Count; i++)
            {
                var message = messages[i];
                var partition = partitionOf[i];
                var offset = next[partition]++;
                positions[i] = new LogPosition(topic, partition, offset);

                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(topic, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(partition, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(offset, NpgsqlDbType.Bigint, cancellationToken);
                if (message.Key is null)
                {
                    await writer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await writer.WriteAsync(message.Key, NpgsqlDbType.Text, cancellationToken);
                }

                headersJson.ResetWrittenCount();
                MessageRow.WriteHeadersJson(message.Headers, headersJson);
                await writer.WriteAsync(headersJson.WrittenMemory, NpgsqlDbType.Jsonb, cancellationToken);
                await writer.WriteAsync(message.Value, NpgsqlDbType.Bytea, cancellationToken);
                await writer.WriteAsync(heads[partition].AppendedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await connection.ExecuteAsync(new CommandDefinition(AdvanceHeadsSql, new
        {
            topic,
            partitions = touched,
            nextOffsets = touched.Select(p => next[p]).ToArray(),
            appendedAts = touched.Select(p => heads[p].AppendedAt).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        // Delivered on commit only, so a woken consumer finds the rows.
        await connection.ExecuteAsync(new CommandDefinition(
            Notifications.NotifySql, new { topic }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return positions;
    }

    private sealed record Head(int Partition, long NextOffset, DateTime AppendedAt);
}
