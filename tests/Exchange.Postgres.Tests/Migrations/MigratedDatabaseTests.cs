using Dapper;
using Exchange.Access;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Postgres.Tests.Migrations;

/// <summary>
/// The tests' migrated databases are copies of one template: each must hold every migration and
/// be a database of its own, or tests would see each other's rows.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MigratedDatabaseTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Each_migrated_database_holds_every_migration_and_none_of_another_copys_rows()
    {
        PartSchema[] parts = [AccessSchema.Part];
        var first = await postgres.CreateMigratedDatabaseAsync(parts, TestTimeout.Token());
        var second = await postgres.CreateMigratedDatabaseAsync(parts, TestTimeout.Token());

        Assert.NotEqual(first.ConnectionString, second.ConnectionString);
        foreach (var database in new[] { first, second })
        {
            Assert.Empty(await AccessSchema.Part.MigrateAsync(database, NullLogger.Instance, TestTimeout.Token()));
            await using var connection = await database.OpenConnectionAsync(TestTimeout.Token());
            var versions = await connection.QueryAsync<int>("select version from access.schema_migrations order by version");
            Assert.Equal(AccessSchema.Part.Migrations.Select(m => m.Version), versions);
        }

        await using (var connection = await first.OpenConnectionAsync(TestTimeout.Token()))
            await connection.ExecuteAsync("create table access.only_in_the_first (id int)");
        await using (var connection = await second.OpenConnectionAsync(TestTimeout.Token()))
            Assert.Null(await connection.ExecuteScalarAsync<string?>("select to_regclass('access.only_in_the_first')::text"));

        // A copy made after the first changed is still a copy of the template, not of the first.
        var third = await postgres.CreateMigratedDatabaseAsync(parts, TestTimeout.Token());
        await using (var connection = await third.OpenConnectionAsync(TestTimeout.Token()))
            Assert.Null(await connection.ExecuteScalarAsync<string?>("select to_regclass('access.only_in_the_first')::text"));
    }
}
