using System.Text;
using Exchange.Postgres.Embedded;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Cli.Tests;

/// <summary>
/// A hub on an external database rides through that database's restart (a failover, an upgrade):
/// not ready while it is away, serving again once it is back, never stopping by itself.
/// </summary>
public sealed class DatabaseRestartTests
{
    private const string RuntimePassword = "runtime-password-of-the-restart-test";

    [Fact]
    public async Task A_restart_of_the_external_database_stopped_the_hub_whose_consumers_could_not_leave_their_groups()
    {
        using var folder = new TempFolder("exchange-cli-database-restart");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var options = new EmbeddedPostgresOptions { DataDirectory = Path.Combine(folder.Path, "postgres"), Throwaway = true };
        var postgres = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance, timeout.Token);
        HubProcess? hub = null;
        try
        {
            var (migrated, migrateOutput, migrateError) = await CliRunner.RunAsync("migrate",
                "--setting", $"ConnectionStrings:ExchangeMigration={postgres.ConnectionString}",
                "--setting", $"Exchange:Postgres:RuntimePassword={RuntimePassword}");
            Assert.True(migrated == 0, migrateError + migrateOutput);
            var runtime = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Username = "exchange_runtime", Password = RuntimePassword };
            hub = await HubProcess.StartAsync(
            [
                $"ConnectionStrings:Exchange={runtime.ConnectionString}",
                $"Exchange:Secrets:Pseudonymisation={Convert.ToBase64String(Encoding.UTF8.GetBytes("linkage-secret-of-the-restart-test"))}",
                $"Exchange:Secrets:Handles={Convert.ToBase64String(Encoding.UTF8.GetBytes("handle-secret-of-the-restart-test!!"))}",
            ], timeout.Token);
            using var http = new HttpClient { BaseAddress = hub.Address };
            await WaitUntilAsync(async () => (await http.GetAsync(new Uri("/health/ready", UriKind.Relative), timeout.Token)).IsSuccessStatusCode, timeout.Token);

            options.Port = postgres.Port;
            await postgres.DisposeAsync();
            // The merger and the consent projection each fail, leave their group and retry: twice each is past
            // the point where a consumer that could not leave ended the process.
            await WaitUntilAsync(() => Task.FromResult(hub.HasExited
                || (Retries(hub, "MergerHost[3210]") >= 2 && Retries(hub, "ConsentProjection[3200]") >= 2)), timeout.Token);
            Assert.False(hub.HasExited, "The hub stopped while its database was away:\n" + string.Join('\n', hub.Log.TakeLast(30)));
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/health/ready", UriKind.Relative), timeout.Token)).StatusCode);

            postgres = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance, timeout.Token);
            await WaitUntilAsync(async () => hub.HasExited || (await http.GetAsync(new Uri("/health/ready", UriKind.Relative), timeout.Token)).IsSuccessStatusCode,
                timeout.Token);
            Assert.False(hub.HasExited, "The hub stopped after its database came back:\n" + string.Join('\n', hub.Log.TakeLast(30)));
        }
        finally
        {
            if (hub is not null)
                await hub.DisposeAsync();
            await postgres.DisposeAsync();
        }
    }

    private static int Retries(HubProcess hub, string loggerAndEvent) => hub.Log.Count(line => line.Contains(loggerAndEvent, StringComparison.Ordinal));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition())
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
    }
}
