using Exchange.Benchmarks.Ingest;

namespace Exchange.Benchmarks.Merge;

/// <summary>
/// This process's peak resident set per phase: Linux's VmHWM, which writing 5 to
/// /proc/self/clear_refs lowers to the current resident set, so that each phase's peak is its own.
/// </summary>
internal static class PeakMemory
{
    /// <summary>Starts a phase; false when the kernel refused (the peak then runs on from the start of the process).</summary>
    public static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The peak resident set since the last reset, in MB.</summary>
    public static double Megabytes => (ProcFs.StatusKb(Environment.ProcessId, "VmHWM") ?? 0) / 1024.0;
}
