using System.Diagnostics;

namespace Exchange.Benchmarks.Ingest;

/// <summary>The end of a child process the benchmark started, once it has been asked to stop.</summary>
internal static class ChildProcessExit
{
    /// <summary>Waits up to <paramref name="grace"/> for the process to exit, then kills it and its children.</summary>
    public static async Task WaitOrKillAsync(Process process, TimeSpan grace)
    {
        using var wait = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }
}
