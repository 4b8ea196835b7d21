using System.Reflection;
using Exchange.Postgres.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Exchange.Postgres;

/// <summary>
/// One part's PostgreSQL schema: its name, and the numbered <c>Migrations/NNNN_name.sql</c> files
/// embedded in the part's assembly. Every part lives in its own schema of the one database, with
/// table names distinct across parts, so a single data source whose search path lists every
/// part's schema serves them all.
/// </summary>
/// <param name="Name">The schema, a plain lower-case identifier.</param>
/// <param name="MigrationsAssembly">The assembly whose embedded resources hold the part's migrations.</param>
public sealed record PartSchema(string Name, Assembly MigrationsAssembly)
{
    /// <summary>
    /// Tables the running hub may only read and add to, with the privileges it gets on each, e.g.
    /// <c>select, insert</c> for an audit chain (see <see cref="DatabaseRoles"/>); every other
    /// table it may read, insert, update and delete.
    /// </summary>
    public IReadOnlyDictionary<string, string> AppendOnlyTables { get; init; } = new Dictionary<string, string>();

    /// <summary>The part's migrations, in order.</summary>
    public IReadOnlyList<Migration> Migrations => MigrationSource.FromAssembly(MigrationsAssembly);

    /// <summary>Creates the schema when missing and applies the part's pending migrations in it.</summary>
    /// <returns>The migrations applied by this call.</returns>
    /// <param name="database">Where to migrate.</param>
    /// <param name="logger">Says what is applied.</param>
    /// <param name="cancellationToken">Stops between migrations.</param>
    /// <param name="role">The role to create the objects as (<see cref="DatabaseRoles.Owner"/>), else the connection's own.</param>
    public Task<IReadOnlyList<Migration>> MigrateAsync(NpgsqlDataSource database, ILogger logger, CancellationToken cancellationToken, string? role = null) =>
        new MigrationRunner(Migrations, logger).ApplyAsync(database, Name, cancellationToken, role);

    /// <summary>The last migration applied to the part's schema; 0 when it was never migrated (no <c>schema_migrations</c> there).</summary>
    public async Task<int> AppliedVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // A schema never migrated has no table: that is an answer ("nothing applied"), not an error.
        // The name is a checked plain identifier (IsValidName); to_regclass takes it as text.
        await using (var exists = new NpgsqlCommand("select to_regclass(@Table) is not null", connection))
        {
            exists.Parameters.AddWithValue("Table", $"{Name}.schema_migrations");
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
                return 0;
        }
        await using var version = new NpgsqlCommand($"select coalesce(max(version), 0) from {Name}.schema_migrations", connection);
        return (int)(await version.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>True for a plain lower-case SQL identifier, safe to write into a statement.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 63 && (char.IsAsciiLetterLower(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
