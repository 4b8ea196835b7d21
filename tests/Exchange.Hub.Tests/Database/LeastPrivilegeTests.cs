using Dapper;
using Exchange.Access.Audit;
using Exchange.Postgres;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Hub.Tests.Database;

/// <summary>
/// The hub signs in as a role that owns nothing: it reads and writes the parts' tables, appends
/// to the audit chain, and can neither change nor remove what the chain holds, nor alter a table.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LeastPrivilegeTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_embedded_hub_ran_as_the_superuser_that_owned_and_could_empty_the_audit_tables()
    {
        var data = Path.Combine("/tmp", $"exchange-least-privilege-{Guid.NewGuid():N}");
        try
        {
            await using var database = await ExchangeDatabase.OpenAsync(null, new DatabaseOptions { DataDirectory = data }, HubParts.Schemas,
                NullLogger.Instance, TestTimeout.Token());

            await AssertLeastPrivilegeAsync(database.DataSource);
        }
        finally
        {
            try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [Fact]
    public async Task Migrate_with_a_migration_connection_makes_the_roles_and_the_runtime_role_owns_nothing()
    {
        var created = await postgres.CreateDatabaseAsync(TestTimeout.Token());
        var name = new NpgsqlConnectionStringBuilder(created.ConnectionString).Database!;
        var admin = postgres.Server.ConnectionStringFor(name);
        const string RuntimePassword = "runtime-password-for-the-test";

        // What `exchange migrate` does with ConnectionStrings:ExchangeMigration and Exchange:Postgres:RuntimePassword.
        await using (var migrated = await ExchangeDatabase.OpenAsync(admin, new DatabaseOptions { MigrateOnStart = true, RuntimePassword = RuntimePassword },
            HubParts.Schemas, NullLogger.Instance, TestTimeout.Token(), migrationConnectionString: admin))
        {
        }

        var runtime = new NpgsqlConnectionStringBuilder(admin) { Username = DatabaseRoles.Runtime, Password = RuntimePassword }.ConnectionString;
        await using var hub = await ExchangeDatabase.OpenAsync(runtime, new DatabaseOptions(), HubParts.Schemas, NullLogger.Instance, TestTimeout.Token());
        await AssertLeastPrivilegeAsync(hub.DataSource);
    }

    private static async Task AssertLeastPrivilegeAsync(NpgsqlDataSource hub)
    {
        await using var connection = await hub.OpenConnectionAsync(TestTimeout.Token());
        Assert.Equal(DatabaseRoles.Runtime, await connection.ExecuteScalarAsync<string>("select current_user"));
        Assert.Equal([DatabaseRoles.Owner], await connection.QueryAsync<string>(
            "select distinct tableowner from pg_tables where schemaname in ('public', 'access', 'log', 'ingest', 'hub')"));

        // The hub's own work: append to the audit chain, read it, write a part's table.
        var audit = new PostgresAuditLog(hub);
        await audit.AppendAsync(new AuditRecord(DateTimeOffset.UtcNow, "steward-console", "12100000400000624D", "", "", "test.least-privilege", [], "permit", "test"),
            TestTimeout.Token());
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from access.audit_entry"));
        await connection.ExecuteAsync("insert into ingest.checkpoints (adapter_id, position) values ('least-privilege', '0')");

        foreach (var refused in (string[])[
            "delete from access.audit_entry",
            "update access.audit_entry set action = 'rewritten'",
            "truncate access.audit_entry",
            "delete from access.audit_head",
            "truncate access.audit_head",
            "alter table access.audit_entry disable trigger all",
            "alter table access.audit_entry add column forged text",
            "drop table ingest.checkpoints",
            "create table access.planted (id int)",
        ])
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(refused));
            Assert.True(error.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{refused}: {error.SqlState} {error.MessageText}");
        }
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from access.audit_entry"));
    }
}
