using System.Globalization;

namespace Exchange.Benchmarks.Ingest;

/// <summary>What Linux's /proc says about a process: resident memory and CPU time.</summary>
internal static class ProcFs
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>A field of /proc/&lt;pid&gt;/status in kB (VmRSS, VmHWM), or null when the process is gone.</summary>
    public static long? StatusKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(field.Length + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    /// <summary>User plus system CPU seconds the process has used, or 0 when it is gone.</summary>
    public static double CpuSeconds(int pid) => Stat(pid) is { } stat ? (stat.UserTicks + stat.SystemTicks) / ClockTicksPerSecond : 0;

    /// <summary>
    /// CPU seconds of a process and of its children, living and ended (the PostgreSQL postmaster and
    /// its backends): an ended backend's time is in its parent's count of children waited for, and
    /// without it a phase after one whose sessions ended came out negative.
    /// </summary>
    public static double CpuSecondsWithChildren(int pid)
    {
        var total = Stat(pid) is { } own ? (own.UserTicks + own.SystemTicks + own.ChildUserTicks + own.ChildSystemTicks) / ClockTicksPerSecond : 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var child)
                && Stat(child) is { } stat && stat.ParentPid == pid)
                total += (stat.UserTicks + stat.SystemTicks) / ClockTicksPerSecond;
        }
        return total;
    }

    private static (int ParentPid, long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // The command name, in parentheses, may hold spaces: fields are counted after its closing one.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture), long.Parse(fields[12], CultureInfo.InvariantCulture),
            long.Parse(fields[13], CultureInfo.InvariantCulture), long.Parse(fields[14], CultureInfo.InvariantCulture));
    }
}

/// <summary>Samples a process's resident memory every 100 ms, keeping the highest seen.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakRssKb;

    public MemorySampler(int pid)
    {
        _pid = pid;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The highest VmRSS sampled, in MB.</summary>
    public double PeakRssMb => Interlocked.Read(ref _peakRssKb) / 1024.0;

    /// <summary>The kernel's own high-water mark (VmHWM) so far, in MB: peaks between samples included.</summary>
    public double HighWaterMarkMb => (ProcFs.StatusKb(_pid, "VmHWM") ?? 0) / 1024.0;

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        do
        {
            if (ProcFs.StatusKb(_pid, "VmRSS") is { } rss && rss > Interlocked.Read(ref _peakRssKb))
                Interlocked.Exchange(ref _peakRssKb, rss);
        }
        while (await timer.WaitForNextTickAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
