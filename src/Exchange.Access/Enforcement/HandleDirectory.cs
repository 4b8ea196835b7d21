using Dapper;
using Npgsql;

namespace Exchange.Access.Enforcement;

/// <summary>A handle given to an organisation, and the subject key it stands for.</summary>
public readonly record struct IssuedHandle(string Organisation, string Handle, string SubjectKey);

/// <summary>
/// The way back from a handle to its subject (table <c>issued_handle</c>, Access migration 0008).
/// Handles are one-way HMACs, so the release service writes down each one it gives out; a caller
/// that later names a handle (fetch one graduate, match for a graduate) is resolved here, and
/// only within its own organisation.
/// </summary>
public interface IHandleDirectory
{
    /// <summary>Writes the handles down; one already written keeps its first release time.</summary>
    Task RememberAsync(IReadOnlyCollection<IssuedHandle> handles, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The subject key behind <paramref name="handle"/> if it was released to <paramref name="organisation"/>; otherwise null.</summary>
    Task<string?> ResolveAsync(string organisation, string handle, CancellationToken cancellationToken);

    /// <summary>
    /// The subject key behind <paramref name="handle"/>, whichever organisation it was released to;
    /// for stewards, who read every organisation's handles in the audit. Null if it was never released.
    /// </summary>
    Task<string?> ResolveForStewardAsync(string handle, CancellationToken cancellationToken);
}

/// <inheritdoc cref="IHandleDirectory"/>
public sealed class PostgresHandleDirectory(NpgsqlDataSource dataSource) : IHandleDirectory
{
    // One statement for a whole page of handles: arrays unnested, conflicts left as they are.
    private const string RememberSql = """
        insert into issued_handle (organisation, handle, subject_key, first_released_at)
        select o, h, k, @At from unnest(@Organisations, @Handles, @Keys) as t(o, h, k)
        on conflict (organisation, handle) do nothing
        """;

    private const string ResolveSql = "select subject_key from issued_handle where organisation = @Organisation and handle = @Handle";

    // An identified handle is the same for every organisation and always names one key.
    private const string ResolveAnySql = "select subject_key from issued_handle where handle = @Handle limit 1";

    public async Task RememberAsync(IReadOnlyCollection<IssuedHandle> handles, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handles);
        if (handles.Count == 0)
            return;
        var distinct = handles.DistinctBy(h => (h.Organisation, h.Handle)).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(RememberSql, new
        {
            At = at,
            Organisations = distinct.Select(h => h.Organisation).ToArray(),
            Handles = distinct.Select(h => h.Handle).ToArray(),
            Keys = distinct.Select(h => h.SubjectKey).ToArray(),
        }, cancellationToken: cancellationToken));
    }

    public async Task<string?> ResolveAsync(string organisation, string handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        ArgumentNullException.ThrowIfNull(handle);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(ResolveSql, new { Organisation = organisation, Handle = handle }, cancellationToken: cancellationToken));
    }

    public async Task<string?> ResolveForStewardAsync(string handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(ResolveAnySql, new { Handle = handle }, cancellationToken: cancellationToken));
    }
}
