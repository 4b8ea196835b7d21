using System.Globalization;

namespace Exchange.Postgres.Embedded;

/// <summary>
/// Which process started the embedded server: its pid and its start time, in <c>hub.owner</c>
/// beside the cluster. PostgreSQL outlives a hub killed with <c>kill -9</c>; the next hub on the
/// folder reads this file to tell a server left behind by a dead hub, which it may stop, from one
/// another hub is using right now, which it must not touch. The start time guards against a
/// recycled pid.
/// </summary>
internal static class ServerOwner
{
    public static async Task RecordAsync(ClusterLayout layout, CancellationToken cancellationToken)
    {
        var pid = Environment.ProcessId;
        await File.WriteAllTextAsync(layout.OwnerFile,
            string.Create(CultureInfo.InvariantCulture, $"{pid} {StartTicks(pid)}\n"), cancellationToken);
    }

    public static void Forget(ClusterLayout layout)
    {
        try
        {
            File.Delete(layout.OwnerFile);
        }
        catch (IOException)
        {
            // Left behind, it names this process, which is about to end: the next start reads it as dead.
        }
    }

    /// <summary>The pid of the hub that started the running server, when that hub is gone; null when it lives or is not known.</summary>
    public static int? DeadOwner(ClusterLayout layout)
    {
        if (!File.Exists(layout.OwnerFile))
            return null;
        var parts = File.ReadAllText(layout.OwnerFile).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            return null;
        return StartTicks(pid) is { } ticks && ticks.ToString(CultureInfo.InvariantCulture) == parts[1] ? null : pid;
    }

    // Field 22 of /proc/<pid>/stat: when the process started, in clock ticks after boot. The
    // command name (field 2) may hold spaces, so the fields are counted after its closing bracket.
    private static long? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
