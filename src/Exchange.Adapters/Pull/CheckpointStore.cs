using Dapper;
using Npgsql;

namespace Exchange.Adapters.Pull;

/// <summary>
/// Where each pull adapter instance stands, one row per instance in <c>ingest.checkpoints</c>.
/// Adapters write it only after the records up to that position were ingested, so a restart
/// resumes there and appends nothing twice.
/// </summary>
/// <param name="dataSource">A data source whose search path is the <c>ingest</c> schema, migrated.</param>
public sealed class CheckpointStore(NpgsqlDataSource dataSource)
{
    private const string GetSql = "select position from checkpoints where adapter_id = @adapterId";

    private const string SetSql = """
        insert into checkpoints (adapter_id, position, updated_at) values (@adapterId, @position, now())
        on conflict (adapter_id) do update set position = excluded.position, updated_at = excluded.updated_at
        """;

    /// <summary>The adapter's position, or null before its first ingested batch.</summary>
    public async Task<string?> GetAsync(string adapterId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(GetSql, new { adapterId }, cancellationToken: cancellationToken));
    }

    /// <summary>Stores the adapter's position.</summary>
    public async Task SetAsync(string adapterId, string position, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(SetSql, new { adapterId, position }, cancellationToken: cancellationToken));
    }
}
