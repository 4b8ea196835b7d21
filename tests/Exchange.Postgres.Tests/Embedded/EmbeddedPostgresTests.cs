using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Dapper;
using Exchange.Postgres.Embedded;
using Exchange.Testing;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Exchange.Postgres.Tests.Embedded;

// These tests start their own servers: what they test is the launcher, not a database.
// File modes and the root/postgres split are the Unix side of the launcher.
[UnsupportedOSPlatform("windows")]
public sealed class EmbeddedPostgresTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly TestOutputLogger _logger = new(output);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Starts_answers_queries_and_keeps_data_across_a_restart_on_the_same_folder()
    {
        var options = new EmbeddedPostgresOptions { DataDirectory = _folder.Path };

        await using (var first = await EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token()))
        {
            Assert.Equal(_folder.Path, first.DataDirectory);
            var version = await ScalarAsync<string>(first.ConnectionString, "select version()");
            Assert.StartsWith("PostgreSQL ", version, StringComparison.Ordinal);
            await ScalarAsync<int>(first.ConnectionString, "create table survives_restart (id int); insert into survives_restart values (42); select 1");
            await first.StopAsync(TestTimeout.Token());
            Assert.False(File.Exists(Path.Combine(first.ClusterDirectory, "postmaster.pid")));
        }

        await using var second = await EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token());
        Assert.Equal(42, await ScalarAsync<int>(second.ConnectionString, "select id from survives_restart"));
    }

    [Fact]
    public async Task Creates_the_configured_database_and_signs_in_with_a_password_only_its_owner_can_read()
    {
        var options = new EmbeddedPostgresOptions { DataDirectory = _folder.Path, Database = "hub_db" };
        await using var server = await EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token());

        Assert.Equal("hub_db", await ScalarAsync<string>(server.ConnectionString, "select current_database()"));
        var passwordFile = Path.Combine(_folder.Path, "superuser.password");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));

        var wrongPassword = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Password = "wrong" }.ConnectionString;
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<int>(wrongPassword, "select 1"));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }

    [Fact]
    public async Task A_second_launcher_on_a_fresh_folder_gets_a_different_free_port()
    {
        using var otherFolder = new TempFolder();
        await using var first = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = _folder.Path }, _logger, TestTimeout.Token());
        await using var second = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = otherFolder.Path }, _logger, TestTimeout.Token());

        Assert.NotEqual(first.Port, second.Port);
        Assert.Equal(1, await ScalarAsync<int>(first.ConnectionString, "select 1"));
        Assert.Equal(1, await ScalarAsync<int>(second.ConnectionString, "select 1"));
    }

    [Fact]
    public async Task Restarts_after_the_server_was_killed_and_left_a_stale_postmaster_pid()
    {
        var options = new EmbeddedPostgresOptions { DataDirectory = _folder.Path };
        var crashed = await EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token());
        await ScalarAsync<int>(crashed.ConnectionString, "create table committed_before_crash (id int); insert into committed_before_crash values (7); select 1");

        using (var postmaster = Process.GetProcessById(crashed.ProcessId))
        {
            postmaster.Kill(); // SIGKILL: no shutdown, postmaster.pid stays behind
        }

        await WaitUntilGoneAsync(crashed.ProcessId);
        Assert.True(File.Exists(Path.Combine(crashed.ClusterDirectory, "postmaster.pid")));

        await using var recovered = await EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token());
        Assert.Equal(7, await ScalarAsync<int>(recovered.ConnectionString, "select id from committed_before_crash"));

        // The crashed instance must not stop the server that replaced it.
        await crashed.DisposeAsync();
        Assert.Equal(1, await ScalarAsync<int>(recovered.ConnectionString, "select 1"));
    }

    [Fact]
    public async Task Restarts_when_postmaster_pid_names_a_process_that_no_longer_exists()
    {
        var options = new EmbeddedPostgresOptions { DataDirectory = _folder.Path };
        string clusterDirectory;
        await using (var first = await EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token()))
        {
            clusterDirectory = first.ClusterDirectory;
        }

        // Above the largest pid Linux can hand out (4194304), so certainly no live process.
        await File.WriteAllTextAsync(Path.Combine(clusterDirectory, "postmaster.pid"), $"4999999\n{clusterDirectory}\n");

        await using var restarted = await EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token());
        Assert.Equal(1, await ScalarAsync<int>(restarted.ConnectionString, "select 1"));
    }

    [Fact]
    public async Task Refuses_to_start_a_second_server_on_a_folder_whose_server_is_running()
    {
        var options = new EmbeddedPostgresOptions { DataDirectory = _folder.Path };
        await using var running = await EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token());

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(
            () => EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token()));
        Assert.Contains("already running", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await ScalarAsync<int>(running.ConnectionString, "select 1"));
    }

    [Fact]
    public async Task A_server_left_running_by_a_hub_killed_with_kill_9_refused_the_next_hub_on_the_folder()
    {
        var options = new EmbeddedPostgresOptions { DataDirectory = _folder.Path };
        var leftBehind = await EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token());
        await ScalarAsync<int>(leftBehind.ConnectionString, "create table kept (id int); insert into kept values (9); select 1");
        // The hub that started it dies without stopping it: its owner record names a process that is gone.
        using (var gone = Process.Start(new ProcessStartInfo("true"))!)
        {
            await gone.WaitForExitAsync(TestTimeout.Token());
            await File.WriteAllTextAsync(Path.Combine(_folder.Path, "hub.owner"), $"{gone.Id} 1\n", TestTimeout.Token());
        }

        await using var next = await EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token());

        Assert.NotEqual(leftBehind.ProcessId, next.ProcessId);
        Assert.False(PostmasterPidFile.ProcessState(leftBehind.ProcessId) == PostmasterState.Running);
        Assert.Equal(9, await ScalarAsync<int>(next.ConnectionString, "select id from kept"));
        // The old launcher must not stop the new server on its way out.
        await leftBehind.DisposeAsync();
        Assert.Equal(9, await ScalarAsync<int>(next.ConnectionString, "select id from kept"));
    }

    [Fact]
    public async Task A_reader_beside_a_running_hub_crashed_on_the_running_server_instead_of_joining_it()
    {
        var options = new EmbeddedPostgresOptions { DataDirectory = _folder.Path };
        await using var running = await EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token());
        await ScalarAsync<int>(running.ConnectionString, "create table seen_by_the_reader (id int); insert into seen_by_the_reader values (7); select 1");

        await using (var reader = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = _folder.Path, JoinRunningServer = true }, _logger, TestTimeout.Token()))
        {
            Assert.True(reader.JoinedRunningServer);
            Assert.Equal((running.Port, running.ProcessId), (reader.Port, reader.ProcessId));
            Assert.Equal(7, await ScalarAsync<int>(reader.ConnectionString, "select id from seen_by_the_reader"));
        }

        // The reader leaves the server it joined running for the hub that started it.
        Assert.Equal(7, await ScalarAsync<int>(running.ConnectionString, "select id from seen_by_the_reader"));
    }

    [Fact]
    public async Task A_reader_with_no_server_running_starts_its_own()
    {
        await using var reader = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = _folder.Path, JoinRunningServer = true }, _logger, TestTimeout.Token());

        Assert.False(reader.JoinedRunningServer);
        Assert.Equal(1, await ScalarAsync<int>(reader.ConnectionString, "select 1"));
    }

    [Fact]
    public async Task A_server_that_cannot_start_is_reported_with_the_tail_of_its_log()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var takenPort = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var options = new EmbeddedPostgresOptions { DataDirectory = _folder.Path, Port = takenPort };

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(
            () => EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token()));

        output.WriteLine(error.Message);
        Assert.Contains("postgres.log", error.Message, StringComparison.Ordinal);
        Assert.Contains("could not bind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_cannot_start_was_reported_with_lines_an_earlier_run_left_in_its_log()
    {
        await (await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = _folder.Path }, _logger, TestTimeout.Token())).DisposeAsync();
        var log = Assert.Single(Directory.GetFiles(_folder.Path, "postgres.log", SearchOption.AllDirectories));
        await File.AppendAllTextAsync(log, "LINE OF AN EARLIER RUN: could not bind to nothing at all\n", TestTimeout.Token());
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var options = new EmbeddedPostgresOptions { DataDirectory = _folder.Path, Port = ((IPEndPoint)occupant.LocalEndpoint).Port };

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(
            () => EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token()));

        output.WriteLine(error.Message);
        Assert.Contains("could not bind IPv4 address", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("EARLIER RUN", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ready to accept connections", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_binaries_throw_an_exception_that_says_how_to_install_them()
    {
        using var emptyBin = new TempFolder("exchange-empty-bin");
        var options = new EmbeddedPostgresOptions { DataDirectory = _folder.Path, BinDirectory = emptyBin.Path };

        var error = await Assert.ThrowsAsync<PostgresBinariesNotFoundException>(
            () => EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token()));

        Assert.Contains(emptyBin.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("Exchange:Postgres:BinDirectory", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Exchange", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_cluster_made_by_another_major_version_with_a_clear_message()
    {
        var cluster = Directory.CreateDirectory(_folder.Combine("cluster")).FullName;
        await File.WriteAllTextAsync(Path.Combine(cluster, "PG_VERSION"), "9.6\n");
        await File.WriteAllTextAsync(_folder.Combine("superuser.password"), "unused");

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(() => EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresOptions { DataDirectory = _folder.Path }, _logger, TestTimeout.Token()));

        Assert.Contains("created by PostgreSQL 9.6", error.Message, StringComparison.Ordinal);
        Assert.Contains("pg_upgrade", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_folder_inside_a_private_folder_fails_clearly_when_the_server_must_run_as_postgres()
    {
        var privateParent = Directory.CreateDirectory(_folder.Combine("private")).FullName;
        File.SetUnixFileMode(privateParent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = new EmbeddedPostgresOptions { DataDirectory = Path.Combine(privateParent, "hub") };

        if (!ServerAccount.Current.SwitchesToPostgresUser)
        {
            // Not root: the server runs as the hub's own account, which owns the private folder.
            await using var server = await EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token());
            Assert.Equal(1, await ScalarAsync<int>(server.ConnectionString, "select 1"));
            return;
        }

        var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(
            () => EmbeddedPostgres.StartAsync(options, _logger, TestTimeout.Token()));
        Assert.Contains("cannot enter", error.Message, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(privateParent));
    }

    [Fact]
    public async Task An_embedded_server_killed_under_the_hub_stayed_down_until_started_by_hand_and_is_now_started_again_on_its_port()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
        var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = _folder.Path }, _logger, TestTimeout.Token());
        await using (server)
        {
            await ScalarAsync<int>(server.ConnectionString, "create table kept (id int); insert into kept values (7); select 1");
            using var watch = new EmbeddedServerWatch(server, clock, _logger);
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
                clock.Advance(EmbeddedServerWatch.CheckInterval);
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

    private static async Task WaitUntilGoneAsync(int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (PostmasterPidFile.ProcessState(pid) is PostmasterState.Running)
        {
            Assert.True(DateTime.UtcNow < deadline, $"postmaster {pid} did not die after SIGKILL");
            await Task.Delay(50);
        }
    }
}
