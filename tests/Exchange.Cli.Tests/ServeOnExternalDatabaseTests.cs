using System.Text;
using Exchange.Postgres.Embedded;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Cli.Tests;

/// <summary>
/// <c>exchange serve</c> on an external database that cannot be used — nobody listening, no such
/// database, never migrated — says so and exits 2, as it does for any other setting to fix,
/// instead of crashing with a stack trace once the host has half started.
/// </summary>
public sealed class ServeOnExternalDatabaseTests
{
    private const string Password = "do-not-print-me";

    [Fact]
    public async Task Serve_on_an_external_database_nobody_listens_on_exited_134_with_a_stack_trace_instead_of_naming_it()
    {
        var (exit, output, error) = await ServeAsync($"Host=127.0.0.1;Port=1;Database=exchange;Username=exchange_runtime;Password={Password};Timeout=2");

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        Assert.Contains("error: the database cannot be used", error, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", error, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Exchange", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_on_an_external_database_never_migrated_exited_134_with_a_stack_trace_instead_of_saying_run_migrate()
    {
        using var folder = new TempFolder("exchange-cli-unmigrated");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var postgres = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = Path.Combine(folder.Path, "postgres"), Throwaway = true }, NullLogger.Instance, timeout.Token);

        var (exit, output, error) = await ServeAsync(postgres.ConnectionString);

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        Assert.Contains("has never been migrated", error, StringComparison.Ordinal);
        Assert.Contains("exchange migrate", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
        // Nothing was made in its place: migrating stays the administrator's step.
        await using var database = NpgsqlDataSource.Create(postgres.ConnectionString);
        await using var command = database.CreateCommand("select count(*) from pg_namespace where nspname in ('log', 'access', 'ingest', 'hub')");
        Assert.Equal(0L, await command.ExecuteScalarAsync(timeout.Token));
    }

    [Fact]
    public async Task Serve_on_an_external_database_that_does_not_exist_exited_134_with_a_stack_trace_instead_of_naming_it()
    {
        using var folder = new TempFolder("exchange-cli-no-database");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var postgres = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = Path.Combine(folder.Path, "postgres"), Throwaway = true }, NullLogger.Instance, timeout.Token);
        var missing = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Database = "no_such_database" };

        var (exit, output, error) = await ServeAsync(missing.ConnectionString);

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        Assert.Contains("error: the database cannot be used", error, StringComparison.Ordinal);
        Assert.Contains("\"no_such_database\" does not exist", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
        Assert.DoesNotContain(missing.Password!, error + output, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output, string Error)> ServeAsync(string connectionString) =>
        CliRunner.RunAsync("serve", "--exit-after-import", "--urls", "http://127.0.0.1:0",
            "--setting", $"ConnectionStrings:Exchange={connectionString}",
            "--setting", $"Exchange:Secrets:Pseudonymisation={Convert.ToBase64String(Encoding.UTF8.GetBytes("linkage-secret-of-the-unusable-database"))}",
            "--setting", $"Exchange:Secrets:Handles={Convert.ToBase64String(Encoding.UTF8.GetBytes("handle-secret-of-the-unusable-database!"))}");
}
