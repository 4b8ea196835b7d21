using Exchange.Postgres.Migrations;
using Exchange.Log.Embedded;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Log.Tests;

/// <summary>A fresh database with the log schema migrated, as the hub prepares it.</summary>
internal static class LogDatabase
{
    /// <summary>Creates a database and the <c>log</c> schema and tables; the data source's search path is that schema.</summary>
    public static async Task<NpgsqlDataSource> CreateAsync(PostgresFixture fixture, CancellationToken cancellationToken = default)
    {
        var database = await fixture.CreateDatabaseAsync(cancellationToken);
        await using (var command = database.CreateCommand($"create schema if not exists {EmbeddedEventLog.Schema}"))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // A data source's connection string leaves the password out; build from the server's.
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
        var builder = new NpgsqlConnectionStringBuilder(fixture.Server.ConnectionStringFor(name))
        {
            SearchPath = EmbeddedEventLog.Schema,
            MaxPoolSize = 50,
        };
        var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await new MigrationRunner(MigrationSource.FromAssembly(EmbeddedEventLog.MigrationsAssembly), NullLogger.Instance)
            .ApplyAsync(dataSource, cancellationToken);
        return dataSource;
    }
}
