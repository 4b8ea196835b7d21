using System.Diagnostics;
using System.Runtime.Versioning;
using Dapper;
using Exchange.Postgres.Embedded;
using Exchange.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Exchange.Postgres.Tests.Embedded;

/// <summary>The embedded server killed under a running hub: before the watch, it stayed down until someone started it by hand.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class EmbeddedServerWatchTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TestOutputLogger _logger = new(output);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_embedded_server_killed_under_the_hub_stayed_down_until_started_by_hand_and_is_now_started_again_on_its_port()
    {
        var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = _folder.Path }, _logger, TestTimeout.Token());
        await using (server)
        {
            await ScalarAsync<int>(server.ConnectionString, "create table kept (id int); insert into kept values (7); select 1");
            using var watch = new EmbeddedServerWatch(server, _clock, _logger);
            await watch.StartAsync(TestTimeout.Token());
            var killed = server.ProcessId;

            using (var postmaster = Process.GetProcessById(killed))
            {
                postmaster.Kill(); // SIGKILL: no shutdown, postmaster.pid stays behind
                await postmaster.WaitForExitAsync(TestTimeout.Token());
            }

            // Each advance lets the watch look once more; the server answers once it has started it.
            var answered = 0;
            var token = TestTimeout.Token();
            while (answered == 0)
            {
                _clock.Advance(EmbeddedServerWatch.CheckInterval);
                try
                {
                    answered = await ScalarAsync<int>(server.ConnectionString, "select id from kept");
                }
                catch (NpgsqlException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), token);
                }
            }

            Assert.Equal(7, answered);
            Assert.NotEqual(killed, server.ProcessId);
            await watch.StopAsync(TestTimeout.Token());
        }

        // Stopping the instance stopped the server it started again, and the watch starts nothing after a stop.
        Assert.False(File.Exists(Path.Combine(server.ClusterDirectory, "postmaster.pid")));
        Assert.False(await server.RestartIfGoneAsync(TestTimeout.Token()));
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync(TestTimeout.Token());
        return await connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, cancellationToken: TestTimeout.Token()))
            ?? throw new InvalidOperationException($"'{sql}' returned null");
    }
}
