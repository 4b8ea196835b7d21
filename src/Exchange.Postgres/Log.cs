using Exchange.Core.Hosting;
using Microsoft.Extensions.Logging;

namespace Exchange.Postgres;

// Event ids are named in Exchange.Core.Hosting.EventIds: none used twice, none renumbered.
// 1000–1099 embedded PostgreSQL, 1100–1199 migrations.
internal static partial class Log
{
    [LoggerMessage(EventId = EventIds.UsingBinaries, Level = LogLevel.Information, Message = "Using PostgreSQL {MajorVersion} binaries from {BinDirectory}")]
    public static partial void UsingBinaries(this ILogger logger, string majorVersion, string binDirectory);

    [LoggerMessage(EventId = EventIds.InitialisingCluster, Level = LogLevel.Information, Message = "Creating a new PostgreSQL cluster in {ClusterDirectory}")]
    public static partial void InitialisingCluster(this ILogger logger, string clusterDirectory);

    [LoggerMessage(EventId = EventIds.RunningAsServiceAccount, Level = LogLevel.Information, Message = "Running PostgreSQL as the '{Account}' system user because the hub runs as root")]
    public static partial void RunningAsServiceAccount(this ILogger logger, string account);

    [LoggerMessage(EventId = EventIds.RemovingStalePidFile, Level = LogLevel.Warning, Message = "Removing stale {PidFile} left by process {Pid}, which is {State}")]
    public static partial void RemovingStalePidFile(this ILogger logger, string pidFile, int pid, string state);


    [LoggerMessage(EventId = EventIds.PortTaken, Level = LogLevel.Warning, Message = "Port {Port} was taken before PostgreSQL could bind it; trying another")]
    public static partial void PortTaken(this ILogger logger, int port);

    [LoggerMessage(EventId = EventIds.EmbeddedServerStarted, Level = LogLevel.Information, Message = "Embedded PostgreSQL listening on 127.0.0.1:{Port} (cluster {ClusterDirectory}, log {LogFile})")]
    public static partial void Started(this ILogger logger, int port, string clusterDirectory, string logFile);

    [LoggerMessage(EventId = EventIds.CreatedDatabase, Level = LogLevel.Information, Message = "Created database {Database}")]
    public static partial void CreatedDatabase(this ILogger logger, string database);

    [LoggerMessage(EventId = EventIds.EmbeddedServerStopping, Level = LogLevel.Information, Message = "Stopping embedded PostgreSQL on port {Port}")]
    public static partial void Stopping(this ILogger logger, int port);

    [LoggerMessage(EventId = EventIds.EmbeddedServerAlreadyStopped, Level = LogLevel.Warning, Message = "Embedded PostgreSQL on port {Port} was already gone when asked to stop")]
    public static partial void AlreadyStopped(this ILogger logger, int port);

    [LoggerMessage(EventId = EventIds.EmbeddedServerStopFailed, Level = LogLevel.Warning, Message = "Stopping embedded PostgreSQL failed (exit code {ExitCode}): {Output}")]
    public static partial void StopFailed(this ILogger logger, int exitCode, string output);

    [LoggerMessage(EventId = EventIds.SharedMemoryStillInUse, Level = LogLevel.Warning, Message = "Old server processes still hold the shared memory of {ClusterDirectory}; retrying the start")]
    public static partial void SharedMemoryStillInUse(this ILogger logger, string clusterDirectory);

    [LoggerMessage(EventId = EventIds.JoinedRunningServer, Level = LogLevel.Information, Message = "Reading through the embedded PostgreSQL already running (pid {Pid}, 127.0.0.1:{Port}, cluster {ClusterDirectory}); it is left running")]
    public static partial void JoinedRunningServer(this ILogger logger, int pid, int port, string clusterDirectory);

    [LoggerMessage(EventId = EventIds.StoppingServerOfDeadHub, Level = LogLevel.Warning, Message = "The embedded PostgreSQL (pid {Pid}) on {ClusterDirectory} was left running by hub process {OwnerPid}, which is gone (killed or crashed); stopping it before starting afresh")]
    public static partial void StoppingServerOfDeadHub(this ILogger logger, int pid, string clusterDirectory, int ownerPid);

    [LoggerMessage(EventId = EventIds.EmbeddedServerGone, Level = LogLevel.Error, Message = "The embedded PostgreSQL (pid {Pid}, port {Port}) stopped without the hub asking (its pid file says {State}); starting it again on the same folder and port")]
    public static partial void EmbeddedServerGone(this ILogger logger, int pid, int port, string state);

    [LoggerMessage(EventId = EventIds.EmbeddedServerRestarted, Level = LogLevel.Warning, Message = "The embedded PostgreSQL is running again on 127.0.0.1:{Port} (pid {Pid})")]
    public static partial void EmbeddedServerRestarted(this ILogger logger, int port, int pid);

    [LoggerMessage(EventId = EventIds.EmbeddedServerRestartFailed, Level = LogLevel.Error, Message = "Starting the embedded PostgreSQL again failed (attempt {Attempt} of {Attempts}); the hub stops after the last")]
    public static partial void EmbeddedServerRestartFailed(this ILogger logger, int attempt, int attempts, Exception exception);

    [LoggerMessage(EventId = EventIds.ApplyingMigration, Level = LogLevel.Information, Message = "Applying migration {Version} {Name}")]
    public static partial void ApplyingMigration(this ILogger logger, int version, string name);

    [LoggerMessage(EventId = EventIds.AppliedMigration, Level = LogLevel.Information, Message = "Applied migration {Version} {Name} in {ElapsedMilliseconds} ms")]
    public static partial void AppliedMigration(this ILogger logger, int version, string name, long elapsedMilliseconds);

    [LoggerMessage(EventId = EventIds.SchemaUpToDate, Level = LogLevel.Debug, Message = "Schema is up to date at version {Version}")]
    public static partial void SchemaUpToDate(this ILogger logger, int version);
}
