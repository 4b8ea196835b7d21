using Dapper;
using Npgsql;

namespace Exchange.Access.Audit;

/// <summary>
/// What the audit log says an organisation was given: which of some subject handles it received
/// a permitted release about. A notice that a subject's data was withdrawn or erased goes only to
/// those that were given the data, so that it tells nobody a subject exists they never saw.
/// </summary>
public sealed class ReleaseHistory(NpgsqlDataSource dataSource)
{
    private const string ReleasedSql = """
        select distinct subject_handle
        from audit_entry
        where subject_handle = any(@Handles) and caller_organisation = @Organisation and decision = 'permit' and at <= @Before
        """;

    /// <summary>The handles among <paramref name="handles"/> that <paramref name="organisation"/> received a permitted release about, at or before <paramref name="before"/>.</summary>
    public async Task<IReadOnlySet<string>> ReleasedAsync(string organisation, IReadOnlyCollection<string> handles, DateTimeOffset before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handles);
        if (handles.Count == 0)
            return new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var found = await connection.QueryAsync<string>(new CommandDefinition(ReleasedSql,
            new { Handles = handles.ToArray(), Organisation = organisation, Before = before.UtcDateTime }, cancellationToken: cancellationToken));
        return found.ToHashSet(StringComparer.Ordinal);
    }
}
