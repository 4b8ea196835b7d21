using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Exchange.Postgres.Migrations;

/// <summary>
/// Applies numbered SQL migrations once each, in order, each in its own transaction, and records
/// them in <c>schema_migrations</c>. Safe to run from several hubs starting at once.
/// </summary>
public sealed class MigrationRunner
{
    // "EXCHMIGR": one fixed advisory-lock key for every hub sharing the database.
    private const long LockKey = 0x45584348_4D494752;

    private const string LockSql = "select pg_advisory_lock(@LockKey)";
    private const string UnlockSql = "select pg_advisory_unlock(@LockKey)";

    private const string CreateTableSql = """
        create table if not exists schema_migrations (
          version int primary key,
          name text not null,
          checksum text not null,
          applied_at timestamptz not null
        )
        """;

    private const string AppliedSql = "select version, name, checksum from schema_migrations order by version";

    private const string RecordSql = """
        insert into schema_migrations (version, name, checksum, applied_at)
        values (@Version, @Name, @Checksum, now())
        """;

    private readonly IReadOnlyList<Migration> _migrations;
    private readonly ILogger _logger;

    /// <exception cref="MigrationException">The versions do not run 1, 2, 3… without gaps or duplicates.</exception>
    public MigrationRunner(IEnumerable<Migration> migrations, ILogger logger)
    {
        _migrations = [.. migrations.OrderBy(m => m.Version)];
        _logger = logger;
        CheckSequence(_migrations);
    }

    public IReadOnlyList<Migration> Migrations => _migrations;

    /// <summary>Applies the migrations in the schema the data source's search path names first.</summary>
    /// <returns>The migrations this call applied, in order; empty when the schema was already current.</returns>
    /// <exception cref="MigrationException">An applied migration was edited since, or the database knows a version this build does not.</exception>
    public Task<IReadOnlyList<Migration>> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        ApplyAsync(dataSource, schema: null, cancellationToken);

    /// <summary>
    /// Applies the migrations in <paramref name="schema"/>, creating it when missing: the
    /// migrations and their <c>schema_migrations</c> table live there, whatever the data source's
    /// search path, so one data source serves every part of the database.
    /// </summary>
    /// <exception cref="ArgumentException">The schema name is not a plain lower-case identifier.</exception>
    /// <param name="dataSource">The database.</param>
    /// <param name="schema">The part's schema; null for the data source's own search path.</param>
    /// <param name="cancellationToken">Stops between migrations.</param>
    /// <param name="role">When given, the migrations run as this role (<c>set role</c>), which then owns what they create.</param>
    public async Task<IReadOnlyList<Migration>> ApplyAsync(NpgsqlDataSource dataSource, string? schema, CancellationToken cancellationToken, string? role = null)
    {
        if (schema is not null && !PartSchema.IsValidName(schema))
            throw new ArgumentException($"'{schema}' is not a plain lower-case schema name.", nameof(schema));
        if (role is not null && !PartSchema.IsValidName(role))
            throw new ArgumentException($"'{role}' is not a plain lower-case role name.", nameof(role));

        // The session lock lives on this one connection; the migrations run on it too, so a crash
        // releases the lock with the connection instead of leaving it held.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(LockSql, new { LockKey }, cancellationToken: cancellationToken));
        try
        {
            if (role is not null)
                await connection.ExecuteAsync(new CommandDefinition($"set role {role}", cancellationToken: cancellationToken));
            if (schema is not null)
            {
                // The name was checked above; identifiers cannot be parameters.
                await connection.ExecuteAsync(new CommandDefinition($"create schema if not exists {schema}; set search_path to {schema}", cancellationToken: cancellationToken));
            }
            await connection.ExecuteAsync(new CommandDefinition(CreateTableSql, cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<AppliedRow>(
                new CommandDefinition(AppliedSql, cancellationToken: cancellationToken))).ToList();
            CheckApplied(applied);

            var pending = _migrations.Skip(applied.Count).ToList();
            foreach (var migration in pending)
            {
                await ApplyOneAsync(connection, migration, cancellationToken);
            }

            if (pending.Count == 0 && _migrations.Count > 0)
            {
                _logger.SchemaUpToDate(_migrations[^1].Version);
            }

            return pending;
        }
        finally
        {
            // Not the caller's token: a cancelled run must still give the lock back, and the pooled
            // connection its own search path.
            if (schema is not null)
                await connection.ExecuteAsync(new CommandDefinition("reset search_path", cancellationToken: CancellationToken.None));
            if (role is not null)
                await connection.ExecuteAsync(new CommandDefinition("reset role", cancellationToken: CancellationToken.None));
            await connection.ExecuteAsync(new CommandDefinition(UnlockSql, new { LockKey }, cancellationToken: CancellationToken.None));
        }
    }

    private async Task ApplyOneAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        _logger.ApplyingMigration(migration.Version, migration.Name);
        var stopwatch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
        }
        catch (PostgresException e)
        {
            throw new MigrationException($"Migration {migration} failed: {e.MessageText}", e);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            RecordSql, new { migration.Version, migration.Name, migration.Checksum }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        _logger.AppliedMigration(migration.Version, migration.Name, stopwatch.ElapsedMilliseconds);
    }

    private static void CheckSequence(IReadOnlyList<Migration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            var expected = i + 1;
            var actual = migrations[i];
            if (actual.Version == expected)
            {
                continue;
            }

            throw actual.Version < expected
                ? new MigrationException($"Two migrations share version {actual.Version}: {migrations[i - 1]} and {actual}.")
                : new MigrationException($"Migration version {expected} is missing: {actual} follows version {expected - 1}.");
        }
    }

    private void CheckApplied(List<AppliedRow> applied)
    {
        foreach (var row in applied)
        {
            var known = row.Version >= 1 && row.Version <= _migrations.Count ? _migrations[row.Version - 1] : null;
            if (known is null)
            {
                throw new MigrationException(
                    $"The database has migration {row.Version} ({row.Name}) applied, which this build does not know: " +
                    "it was migrated by a newer version of the hub.");
            }

            if (!string.Equals(known.Checksum, row.Checksum, StringComparison.Ordinal))
            {
                throw new MigrationException(
                    $"Migration {known} was changed after it was applied (checksum {row.Checksum} in the database, " +
                    $"{known.Checksum} now). Applied migrations are history: restore the file and add a new migration instead.");
            }
        }

        if (applied.Count > 0 && applied[^1].Version != applied.Count)
        {
            throw new MigrationException(
                $"schema_migrations has gaps: {applied.Count} rows but the last is version {applied[^1].Version}.");
        }
    }

    private sealed record AppliedRow(int Version, string Name, string Checksum);
}
