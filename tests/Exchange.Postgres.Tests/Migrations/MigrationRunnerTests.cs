using Dapper;
using Exchange.Postgres.Migrations;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Postgres.Tests.Migrations;

[Collection(PostgresCollection.Name)]
public sealed class MigrationRunnerTests(PostgresFixture postgres) : IDisposable
{
    private readonly TempFolder _scripts = new("exchange-migrations");

    public void Dispose() => _scripts.Dispose();

    [Fact]
    public async Task Applies_migrations_in_version_order_and_records_each()
    {
        // Each script depends on the one before it, so any other order fails.
        WriteScript("0003_add_row.sql", "insert into widget (id, label) values (1, 'first');");
        WriteScript("0001_create_widget.sql", "create table widget (id int primary key);");
        WriteScript("0002_add_label.sql", "alter table widget add column label text;");
        var dataSource = await postgres.CreateDatabaseAsync(TestTimeout.Token());

        var applied = await Runner().ApplyAsync(dataSource, TestTimeout.Token());

        Assert.Equal([1, 2, 3], applied.Select(m => m.Version));
        var recorded = await QueryAsync<(int Version, string Name, string Checksum)>(
            dataSource, "select version, name, checksum from schema_migrations order by version");
        Assert.Equal(
            applied.Select(m => (m.Version, m.Name, m.Checksum)),
            recorded);
        Assert.Equal(["add_label", "add_row", "create_widget"], recorded.Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_second_run_applies_nothing()
    {
        WriteScript("0001_create_widget.sql", "create table widget (id int);");
        WriteScript("0002_add_row.sql", "insert into widget values (1);");
        var dataSource = await postgres.CreateDatabaseAsync(TestTimeout.Token());
        await Runner().ApplyAsync(dataSource, TestTimeout.Token());

        var second = await Runner().ApplyAsync(dataSource, TestTimeout.Token());

        Assert.Empty(second);
        Assert.Equal([1], await QueryAsync<int>(dataSource, "select id from widget"));
    }

    [Fact]
    public async Task Later_migrations_are_applied_on_top_of_earlier_ones()
    {
        WriteScript("0001_create_widget.sql", "create table widget (id int);");
        var dataSource = await postgres.CreateDatabaseAsync(TestTimeout.Token());
        await Runner().ApplyAsync(dataSource, TestTimeout.Token());
        WriteScript("0002_add_row.sql", "insert into widget values (2);");

        var applied = await Runner().ApplyAsync(dataSource, TestTimeout.Token());

        Assert.Equal([2], applied.Select(m => m.Version));
    }

    [Fact]
    public async Task Refuses_an_applied_migration_whose_text_changed_and_names_it()
    {
        WriteScript("0001_create_widget.sql", "create table widget (id int);");
        WriteScript("0002_add_label.sql", "alter table widget add column label text;");
        var dataSource = await postgres.CreateDatabaseAsync(TestTimeout.Token());
        await Runner().ApplyAsync(dataSource, TestTimeout.Token());
        WriteScript("0002_add_label.sql", "alter table widget add column label varchar(10);");

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner().ApplyAsync(dataSource, TestTimeout.Token()));

        Assert.Contains("0002_add_label", error.Message, StringComparison.Ordinal);
        Assert.Contains("changed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_ending_change_alone_is_not_a_changed_migration()
    {
        Assert.Equal(
            new Migration(1, "a", "create table a (id int);\nselect 1;\n").Checksum,
            new Migration(1, "a", "create table a (id int);\r\nselect 1;\r\n").Checksum);
    }

    [Fact]
    public void Refuses_a_gap_in_the_version_numbers()
    {
        WriteScript("0001_create_widget.sql", "create table widget (id int);");
        WriteScript("0003_add_row.sql", "insert into widget values (1);");

        var error = Assert.Throws<MigrationException>(Runner);

        Assert.Contains("version 2 is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_two_migrations_with_the_same_version()
    {
        WriteScript("0001_create_widget.sql", "create table widget (id int);");
        WriteScript("0001_create_gadget.sql", "create table gadget (id int);");

        var error = Assert.Throws<MigrationException>(Runner);

        Assert.Contains("share version 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_sql_file_that_is_not_named_like_a_migration()
    {
        WriteScript("create_widget.sql", "create table widget (id int);");

        Assert.Throws<MigrationException>(() => MigrationSource.FromDirectory(_scripts.Path));
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_whole_and_not_recorded()
    {
        WriteScript("0001_create_widget.sql", "create table widget (id int);");
        WriteScript("0002_half_done.sql", "create table gadget (id int); select no_such_function();");
        var dataSource = await postgres.CreateDatabaseAsync(TestTimeout.Token());

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner().ApplyAsync(dataSource, TestTimeout.Token()));

        Assert.Contains("0002_half_done", error.Message, StringComparison.Ordinal);
        Assert.Equal([1], await QueryAsync<int>(dataSource, "select version from schema_migrations"));
        Assert.Equal([false], await QueryAsync<bool>(dataSource, "select to_regclass('gadget') is not null"));
    }

    [Fact]
    public async Task Two_runners_starting_at_once_apply_each_migration_exactly_once()
    {
        // The sleep keeps the first runner inside its work long enough for the second to collide with it.
        WriteScript("0001_create_widget.sql", "select pg_sleep(0.3); create table widget (id int);");
        WriteScript("0002_add_row.sql", "insert into widget values (1);");
        WriteScript("0003_add_another_row.sql", "insert into widget values (2);");
        var dataSource = await postgres.CreateDatabaseAsync(TestTimeout.Token());
        // A second data source, as a second hub process would have (ConnectionString omits the password).
        var database = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database!;
        await using var otherHub = NpgsqlDataSource.Create(postgres.Server.ConnectionStringFor(database));

        var results = await Task.WhenAll(
            Task.Run(() => Runner().ApplyAsync(dataSource, TestTimeout.Token())),
            Task.Run(() => Runner().ApplyAsync(otherHub, TestTimeout.Token())));

        Assert.Equal([1, 2, 3], results.SelectMany(r => r).Select(m => m.Version).Order());
        Assert.Equal([1, 2], await QueryAsync<int>(dataSource, "select id from widget order by id"));
        Assert.Equal([1, 2, 3], await QueryAsync<int>(dataSource, "select version from schema_migrations order by version"));
    }

    private MigrationRunner Runner() => new(MigrationSource.FromDirectory(_scripts.Path), NullLogger.Instance);

    private void WriteScript(string fileName, string sql) => File.WriteAllText(_scripts.Combine(fileName), sql);

    private static async Task<List<T>> QueryAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var connection = await dataSource.OpenConnectionAsync(TestTimeout.Token());
        return [.. await connection.QueryAsync<T>(new CommandDefinition(sql, cancellationToken: TestTimeout.Token()))];
    }
}
