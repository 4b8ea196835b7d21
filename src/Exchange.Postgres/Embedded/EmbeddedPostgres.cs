using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Exchange.Postgres.Embedded;

/// <summary>
/// A private PostgreSQL server run from the installed binaries, for a hub that has no external
/// database configured. It listens on 127.0.0.1 only, with no Unix socket, and is stopped on dispose.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    public const string SuperuserName = "postgres";

    private readonly ClusterLayout _layout;
    private readonly PostgresBinaries _binaries;
    private readonly ServerAccount _account;
    private readonly ILogger _logger;
    private readonly string _password;
    private readonly EmbeddedPostgresOptions _options;
    // Held while the server is started again or stopped, so that a stop never misses a server just restarted.
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private int _postmasterPid;
    private int _stopped;

    private EmbeddedPostgres(
        ClusterLayout layout, PostgresBinaries binaries, ServerAccount account, ILogger logger,
        string password, int port, int postmasterPid, EmbeddedPostgresOptions options, bool joined = false)
    {
        JoinedRunningServer = joined;
        _layout = layout;
        _binaries = binaries;
        _account = account;
        _logger = logger;
        _password = password;
        _postmasterPid = postmasterPid;
        _options = options;
        Port = port;
        ConnectionString = ConnectionStringFor(options.Database);
    }

    /// <summary>Connection string for the hub's database.</summary>
    public string ConnectionString { get; }

    public int Port { get; }

    public string DataDirectory => _layout.DataDirectory;

    public string ClusterDirectory => _layout.ClusterDirectory;

    public string LogFile => _layout.LogFile;

    /// <summary>True when this instance joined a server another process started (<see cref="EmbeddedPostgresOptions.JoinRunningServer"/>); it never stops it.</summary>
    public bool JoinedRunningServer { get; }

    /// <summary>The installed programs the server runs from.</summary>
    public PostgresBinaries Binaries => _binaries;

    /// <summary>True when <paramref name="dataDirectory"/> already holds a cluster (so starting on it creates nothing).</summary>
    public static bool HasCluster(string dataDirectory) => new ClusterLayout(dataDirectory).HasCluster;

    /// <summary>The pid of the running server process (a new one once <see cref="RestartIfGoneAsync"/> has started it again).</summary>
    public int ProcessId => Volatile.Read(ref _postmasterPid);

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperuserName,
        Password = _password,
        Database = database,
    }.ConnectionString;

    /// <summary>The password of the role the hub signs in as (<see cref="DatabaseRoles.Runtime"/>), generated once and kept beside the superuser's.</summary>
    public async Task<string> RuntimePasswordAsync(CancellationToken cancellationToken) =>
        File.Exists(_layout.RuntimePasswordFile)
            ? await SuperuserPassword.ReadAsync(_layout.RuntimePasswordFile, cancellationToken)
            : await SuperuserPassword.CreateAsync(_layout.RuntimePasswordFile, cancellationToken);

    public static async Task<EmbeddedPostgres> StartAsync(
        EmbeddedPostgresOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var binaries = PostgresBinaries.Locate(options.BinDirectory);
        var layout = new ClusterLayout(options.DataDirectory);
        var account = ServerAccount.Current;
        if (account.SwitchesToPostgresUser)
        {
            logger.RunningAsServiceAccount(ServerAccount.PostgresUser);
        }

        var password = await ClusterInitializer.PrepareAsync(layout, binaries, account, logger, cancellationToken);
        await PrepareLogFileAsync(layout, account, cancellationToken);
        if (options.JoinRunningServer && PostmasterPidFile.RunningServer(layout.PidFile) is var (runningPid, runningPort))
        {
            logger.JoinedRunningServer(runningPid, runningPort, layout.ClusterDirectory);
            return new EmbeddedPostgres(layout, binaries, account, logger, password, runningPort, runningPid, options, joined: true);
        }

        await PostmasterPidFile.ClearIfStaleAsync(layout, ct => StopServerAsync(layout, binaries, account, ct), logger, cancellationToken);

        var (port, pid) = await ServerStarter.StartAsync(layout, binaries, account, options.Port, options.MaxConnections, logger, cancellationToken, options.Throwaway);
        await ServerOwner.RecordAsync(layout, cancellationToken);
        var instance = new EmbeddedPostgres(layout, binaries, account, logger, password, port, pid, options);
        logger.Started(port, layout.ClusterDirectory, layout.LogFile);
        try
        {
            await instance.EnsureDatabaseAsync(options.Database, cancellationToken);
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }

        return instance;
    }

    /// <summary>
    /// Starts the server again, on the same folder and port, when it has stopped without this
    /// instance asking (killed, crashed, or stopped by hand): the hub's connection strings name the
    /// port, so its pools reconnect by themselves. True when it started it; false when a server
    /// runs on the folder (whoever started it), when this instance was stopped, or joined another's server.
    /// </summary>
    /// <exception cref="EmbeddedPostgresException">The server did not start; the exception quotes its log.</exception>
    public async Task<bool> RestartIfGoneAsync(CancellationToken cancellationToken)
    {
        if (JoinedRunningServer)
            return false;
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref _stopped) == 1)
                return false;
            var state = PostmasterPidFile.Inspect(_layout.PidFile, out _);
            if (state == PostmasterState.Running)
                return false;

            _logger.EmbeddedServerGone(ProcessId, Port, state.ToString());
            await PostmasterPidFile.ClearIfStaleAsync(_layout, ct => StopServerAsync(_layout, _binaries, _account, ct), _logger, cancellationToken);
            var (_, pid) = await ServerStarter.StartAsync(_layout, _binaries, _account, Port, _options.MaxConnections, _logger, cancellationToken, _options.Throwaway);
            Volatile.Write(ref _postmasterPid, pid);
            await ServerOwner.RecordAsync(_layout, cancellationToken);
            _logger.EmbeddedServerRestarted(Port, pid);
            return true;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the server (fast shutdown: sessions are ended, committed work is kept) and waits for it.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1 || JoinedRunningServer)
        {
            return;
        }

        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            await StopStartedServerAsync(cancellationToken);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task StopStartedServerAsync(CancellationToken cancellationToken)
    {
        // Only stop the server this instance started: after a crash another instance may own the folder now.
        if (PostmasterPidFile.ReadPid(_layout.PidFile) != ProcessId)
        {
            _logger.AlreadyStopped(Port);
            return;
        }

        _logger.Stopping(Port);
        var (exitCode, output) = await StopServerAsync(_layout, _binaries, _account, cancellationToken);
        if (exitCode != 0 && File.Exists(_layout.PidFile))
        {
            _logger.StopFailed(exitCode, output);
            throw new EmbeddedPostgresException(
                $"pg_ctl could not stop the embedded PostgreSQL (exit code {exitCode}): {output}");
        }
        ServerOwner.Forget(_layout);
    }

    // Fast shutdown: sessions are ended, committed work is kept.
    private static async Task<(int ExitCode, string Output)> StopServerAsync(ClusterLayout layout, PostgresBinaries binaries, ServerAccount account, CancellationToken cancellationToken)
    {
        var result = await account.RunAsync(
            binaries.PgCtl, ["stop", "-D", layout.ClusterDirectory, "-m", "fast", "-w", "-t", "60", "-s"],
            layout.DataDirectory, cancellationToken);
        return (result.ExitCode, result.Output);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(CancellationToken.None);
        }
        catch (EmbeddedPostgresException)
        {
            // Already logged by StopAsync; dispose must not throw.
        }
    }

    private const string DatabaseExistsSql = "select exists (select 1 from pg_database where datname = @Name)";

    private async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionStringFor("postgres"));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var exists = await connection.ExecuteScalarAsync<bool>(
            new CommandDefinition(DatabaseExistsSql, new { Name = database }, cancellationToken: cancellationToken));
        if (exists)
        {
            return;
        }

        // CREATE DATABASE takes no parameters; the name is quoted as an identifier instead, and run
        // without Dapper so per-name SQL text does not pile up in its cache.
        await using var create = connection.CreateCommand();
        create.CommandText = "create database " + QuoteIdentifier(database);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
            _logger.CreatedDatabase(database);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created concurrently by someone else: that is the state we wanted.
        }
    }

    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task PrepareLogFileAsync(ClusterLayout layout, ServerAccount account, CancellationToken cancellationToken)
    {
        if (!File.Exists(layout.LogFile))
        {
            // Server logs can quote statements that carry personal data: owner-only like the password.
            await SuperuserPassword.WriteOwnerOnlyAsync(layout.LogFile, string.Empty, cancellationToken);
        }

        await account.HandOverAsync(layout.LogFile, cancellationToken);
    }
}
