using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Exchange.Postgres.Embedded;

/// <summary>Runs <c>pg_ctl start</c>, retrying the few failures that clear up on their own.</summary>
internal static class ServerStarter
{
    private const int MaxAttempts = 5;
    private const int LogTailLines = 40;

    /// <returns>The port the server listens on and the postmaster's pid.</returns>
    public static async Task<(int Port, int Pid)> StartAsync(
        ClusterLayout layout, PostgresBinaries binaries, ServerAccount account, int? configuredPort, int maxConnections,
        ILogger logger, CancellationToken cancellationToken, bool throwaway = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = configuredPort ?? FreePort.Pick();
            var logOffset = new FileInfo(layout.LogFile).Length;
            var result = await account.RunAsync(
                binaries.PgCtl,
                [
                    "start", "-D", layout.ClusterDirectory, "-l", layout.LogFile, "-w", "-t", "60", "-s",
                    // pg_ctl hands -o to /bin/sh, so '' reaches the server as an empty value: no Unix socket at all.
                    // The hub's queries are short lookups over arrays, which the planner costs high enough to
                    // compile: JIT spent 100-200 ms compiling a 1 ms merge lookup, so the embedded server has none.
                    "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' " +
                        $"-c max_connections={maxConnections.ToString(CultureInfo.InvariantCulture)} -c jit=off" +
                        (throwaway ? " -c fsync=off -c full_page_writes=off -c synchronous_commit=off" : ""),
                ],
                layout.DataDirectory,
                cancellationToken);
            if (result.ExitCode == 0 && PostmasterPidFile.ReadPid(layout.PidFile) is { } pid)
            {
                return (port, pid);
            }

            var newLog = await ReadFromAsync(layout.LogFile, logOffset, cancellationToken);
            if (attempt < MaxAttempts && configuredPort is null && newLog.Contains("could not bind", StringComparison.Ordinal))
            {
                logger.PortTaken(port);
                continue;
            }

            if (attempt < MaxAttempts && newLog.Contains("pre-existing shared memory block", StringComparison.Ordinal))
            {
                // Children of a killed postmaster exit within moments of noticing it is gone.
                logger.SharedMemoryStillInUse(layout.ClusterDirectory);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }

            // Only what this start wrote: the log also holds every earlier run, whose lines would mislead.
            throw new EmbeddedPostgresException(
                $"The embedded PostgreSQL did not start (pg_ctl exit code {result.ExitCode}: {result.Output}). " +
                $"What it wrote to the server log '{layout.LogFile}':{Environment.NewLine}" + Tail(newLog));
        }
    }

    private static async Task<string> ReadFromAsync(string path, long offset, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static string Tail(string log)
    {
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).TakeLast(LogTailLines).ToList();
        return lines.Count == 0 ? "(nothing)" : string.Join(Environment.NewLine, lines);
    }
}
