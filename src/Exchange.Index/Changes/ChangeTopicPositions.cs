using Dapper;
using Npgsql;

namespace Exchange.Index.Changes;

/// <summary>
/// Where each subscriber's change topic stands: the last change sequence published to it. Saved
/// after the messages are durable, so a restart publishes again at most what was between the two
/// (at-least-once; a message's <c>ce_id</c> is the same the second time).
/// </summary>
public sealed class ChangeTopicPositions(NpgsqlDataSource dataSource)
{
    private const string ReadSql = "select after_sequence from change_feed_positions where subscriber = @Subscriber";

    private const string SaveSql = """
        insert into change_feed_positions (subscriber, after_sequence, updated_at) values (@Subscriber, @After, @At)
        on conflict (subscriber) do update set after_sequence = excluded.after_sequence, updated_at = excluded.updated_at
        """;

    /// <summary>The last sequence published to the subscriber's topic; 0 when nothing was.</summary>
    public async Task<long> ReadAsync(string subscriber, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(ReadSql, new { Subscriber = subscriber }, cancellationToken: cancellationToken)) ?? 0;
    }

    /// <summary>Records that everything up to <paramref name="afterSequence"/> is published to the subscriber's topic.</summary>
    public async Task SaveAsync(string subscriber, long afterSequence, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(SaveSql, new { Subscriber = subscriber, After = afterSequence, At = at.UtcDateTime },
            cancellationToken: cancellationToken));
    }
}
