using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Exchange.Postgres.Embedded;

internal enum PostmasterState
{
    NoPidFile,
    Running,
    Dead,
    Zombie,
    OtherProgram,
}

/// <summary>
/// Reads postmaster.pid to tell a live server from one that crashed. PostgreSQL copes with a pid
/// that is simply dead, but it refuses to start when the pid is a zombie (nobody reaped the
/// killed postmaster, as happens when PID 1 is not a reaping init, e.g. in containers) or was
/// reused by another program, because its own liveness probe, kill(pid, 0), says "alive" for both.
/// </summary>
internal static class PostmasterPidFile
{
    private static readonly TimeSpan OldProcessesGrace = TimeSpan.FromSeconds(15);

    // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, ...
    private const int PortLine = 3;

    // stopServer is called only for a running server whose hub is gone (see ServerOwner).
    public static async Task ClearIfStaleAsync(ClusterLayout layout, Func<CancellationToken, Task> stopServer, ILogger logger, CancellationToken cancellationToken)
    {
        var state = Inspect(layout.PidFile, out var pid);
        if (state == PostmasterState.Running && ServerOwner.DeadOwner(layout) is { } deadOwner)
        {
            logger.StoppingServerOfDeadHub(pid, layout.ClusterDirectory, deadOwner);
            await stopServer(cancellationToken);
            state = Inspect(layout.PidFile, out pid);
        }

        switch (state)
        {
            case PostmasterState.Running:
                // Could be another hub using this folder right now; stopping it is not our call.
                throw new EmbeddedPostgresException(
                    $"A PostgreSQL server (pid {pid.ToString(CultureInfo.InvariantCulture)}) is already running on " +
                    $"'{layout.ClusterDirectory}', perhaps for another hub using the same data folder. " +
                    "Stop that hub, or if the server was left behind by a crash stop it with: " +
                    $"pg_ctl stop -D '{layout.ClusterDirectory}' -m fast");
            case PostmasterState.Zombie or PostmasterState.OtherProgram:
                // Deleting the file also drops PostgreSQL's own guard against a second set of server
                // processes on the same files, so first do what that guard does: wait until no old
                // process is still attached to the previous server's shared memory.
                await WaitForOldProcessesAsync(layout, cancellationToken);
                logger.RemovingStalePidFile(layout.PidFile, pid, state.ToString());
                File.Delete(layout.PidFile);
                break;
            default:
                // No file, or a dead pid: PostgreSQL handles that itself, including its shared-memory guard.
                break;
        }
    }

    /// <summary>The pid and port of the live server the file names; null when none runs.</summary>
    public static (int Pid, int Port)? RunningServer(string pidFile) =>
        Inspect(pidFile, out var pid) == PostmasterState.Running
        && ReadLine(pidFile, PortLine) is { } line && int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? (pid, port)
            : null;

    public static int? ReadPid(string pidFile) =>
        ReadLine(pidFile, 0) is { } line && int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    public static PostmasterState Inspect(string pidFile, out int pid)
    {
        pid = 0;
        if (ReadPid(pidFile) is not { } read)
        {
            return File.Exists(pidFile) ? PostmasterState.Dead : PostmasterState.NoPidFile;
        }

        pid = read;
        return ProcessState(pid);
    }

    public static PostmasterState ProcessState(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            // Without /proc, trust PostgreSQL's own check.
            return PostmasterState.Dead;
        }

        string stat;
        string comm;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            comm = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/comm").Trim();
        }
        catch (IOException)
        {
            return PostmasterState.Dead;
        }
        catch (UnauthorizedAccessException)
        {
            return PostmasterState.OtherProgram;
        }

        // stat is "pid (comm) S …"; comm may hold spaces or parentheses, so read after the last ')'.
        var state = stat[(stat.LastIndexOf(')') + 1)..].TrimStart();
        if (state.StartsWith('Z') || state.StartsWith('X'))
        {
            return PostmasterState.Zombie;
        }

        return comm is "postgres" or "postmaster" ? PostmasterState.Running : PostmasterState.OtherProgram;
    }

    private static async Task WaitForOldProcessesAsync(ClusterLayout layout, CancellationToken cancellationToken)
    {
        // Line 7 of postmaster.pid is "<key> <shmid>" of the System V segment every server process attaches.
        var ids = ReadLine(layout.PidFile, 6)?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (ids is not [_, var shmidText] || !int.TryParse(shmidText, NumberStyles.None, CultureInfo.InvariantCulture, out var shmid))
        {
            return;
        }

        var deadline = DateTime.UtcNow + OldProcessesGrace;
        while (AttachedProcesses(shmid) > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new EmbeddedPostgresException(
                    $"Processes of a crashed PostgreSQL server still use the cluster in '{layout.ClusterDirectory}' " +
                    $"(shared memory segment {shmid.ToString(CultureInfo.InvariantCulture)} is still attached). " +
                    "Wait for them to exit, or end the leftover 'postgres:' processes, then start again.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    // /proc/sysvipc/shm columns: key shmid perms size cpid lpid nattch …; a missing row means the segment is gone.
    private static int AttachedProcesses(int shmid)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/sysvipc/shm").Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 6
                    && int.TryParse(columns[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id == shmid
                    && int.TryParse(columns[6], NumberStyles.None, CultureInfo.InvariantCulture, out var attached))
                {
                    return attached;
                }
            }
        }
        catch (IOException)
        {
            // No /proc/sysvipc (not Linux, or a restricted sandbox): nothing to wait on.
        }

        return 0;
    }

    private static string? ReadLine(string path, int index)
    {
        try
        {
            return File.ReadLines(path).Skip(index).FirstOrDefault()?.Trim();
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }
}
