using Exchange.Postgres.Migrations;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Access.Tests;

/// <summary>A fresh database with the access schema migrated, as the hub prepares it.</summary>
internal static class AccessDatabase
{
    public const string Schema = "access";

    /// <summary>Creates a database, the <c>access</c> schema and its tables; the data source's search path is that schema.</summary>
    public static async Task<NpgsqlDataSource> CreateAsync(PostgresFixture fixture, CancellationToken cancellationToken = default)
    {
        var database = await fixture.CreateDatabaseAsync(cancellationToken);
        await using (var command = database.CreateCommand($"create schema if not exists {Schema}"))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // A data source's connection string leaves the password out; build from the server's.
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
        var builder = new NpgsqlConnectionStringBuilder(fixture.Server.ConnectionStringFor(name)) { SearchPath = Schema };
        var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await new MigrationRunner(MigrationSource.FromAssembly(typeof(Exchange.Access.Clients.ClientIdentity).Assembly), NullLogger.Instance)
            .ApplyAsync(dataSource, cancellationToken);
        return dataSource;
    }
}
