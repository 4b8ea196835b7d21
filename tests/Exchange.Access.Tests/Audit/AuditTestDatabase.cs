using Exchange.Access.Audit;
using Exchange.Testing;
using Npgsql;

namespace Exchange.Access.Tests.Audit;

/// <summary>A migrated access database plus the superuser's tools for tampering with its audit log.</summary>
internal sealed class AuditTestDatabase
{
    private AuditTestDatabase(NpgsqlDataSource dataSource, string connectionString)
    {
        DataSource = dataSource;
        ConnectionString = connectionString;
        Log = new PostgresAuditLog(dataSource);
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>With password and search path, for a second data source or the CLI.</summary>
    public string ConnectionString { get; }

    public PostgresAuditLog Log { get; }

    public static async Task<AuditTestDatabase> CreateAsync(PostgresFixture fixture, CancellationToken cancellationToken)
    {
        var dataSource = await AccessDatabase.CreateAsync(fixture, cancellationToken);
        var name = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database!;
        var connectionString = new NpgsqlConnectionStringBuilder(fixture.Server.ConnectionStringFor(name))
        {
            SearchPath = AccessDatabase.Schema,
        }.ConnectionString;
        return new AuditTestDatabase(dataSource, connectionString);
    }

    /// <summary>Appends <paramref name="count"/> records in batches; returns the head after.</summary>
    public async Task<AuditHead> FillAsync(int count, CancellationToken cancellationToken)
    {
        await Log.AppendManyAsync([.. Enumerable.Range(1, count).Select(AuditTestRecords.Numbered)], cancellationToken);
        return await Log.GetHeadAsync(cancellationToken);
    }

    /// <summary>
    /// Runs SQL as the superuser with the audit tables' triggers switched off — what a privileged
    /// attacker can do, and why the hash chain exists at all.
    /// </summary>
    public Task TamperAsync(string sql, CancellationToken cancellationToken, params object[] parameters) =>
        TamperAsync(connection => ExecuteAsync(connection, sql, cancellationToken, parameters), cancellationToken);

    /// <inheritdoc cref="TamperAsync(string, CancellationToken, object[])"/>
    public async Task TamperAsync(Func<NpgsqlConnection, Task> tamper, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, "alter table audit_entry disable trigger all", cancellationToken);
        await ExecuteAsync(connection, "alter table audit_head disable trigger all", cancellationToken);
        await tamper(connection);
        await ExecuteAsync(connection, "alter table audit_entry enable trigger all", cancellationToken);
        await ExecuteAsync(connection, "alter table audit_head enable trigger all", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, sql, cancellationToken, parameters);
    }

    public async Task<List<AuditEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        var query = new AuditQuery(DataSource);
        long after = 0;
        while (true)
        {
            var page = await query.ReadAsync(new AuditQueryFilter(), after, AuditQuery.MaxLimit, cancellationToken);
            entries.AddRange(page.Entries);
            if (page.NextAfter is not { } next)
            {
                return entries;
            }

            after = next;
        }
    }

    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
