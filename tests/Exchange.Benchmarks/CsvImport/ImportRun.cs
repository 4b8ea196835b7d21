using System.Collections.Concurrent;
using System.Diagnostics;
using Exchange.Benchmarks.Ingest;

namespace Exchange.Benchmarks.CsvImport;

/// <summary>One <c>dotnet exchange.dll import</c> process: its exit code, wall time and the highest VmHWM read while it ran.</summary>
internal sealed record ImportRun(int ExitCode, TimeSpan Elapsed, long PeakKb, string OutputTail)
{
    public static async Task<ImportRun> StartAsync(string file, string dataDirectory, string format)
    {
        var exchange = Path.Combine(AppContext.BaseDirectory, "exchange.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { exchange, "import", file, "--kind", "graduate", "--format", format,
                     "--report", file + ".rejected.csv", "--setting", $"Exchange:Postgres:DataDirectory={dataDirectory}" })
            start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1";

        var output = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start exchange import.");
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // VmHWM is the process's own high-water mark: the last reading before it exits is its peak.
        long peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, ProcFs.StatusKb(process.Id, "VmHWM") ?? 0);
            await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(100));
        }
        await process.WaitForExitAsync();
        clock.Stop();
        return new ImportRun(process.ExitCode, clock.Elapsed, peak, string.Join(Environment.NewLine, output.TakeLast(20)));
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
            return;
        output.Enqueue(line);
        while (output.Count > 200)
            output.TryDequeue(out _);
    }
}
