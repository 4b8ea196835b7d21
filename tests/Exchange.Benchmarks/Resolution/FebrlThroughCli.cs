using System.Diagnostics;
using System.Globalization;
using Exchange.Index.Resolution.Evaluation;

namespace Exchange.Benchmarks.Resolution;

/// <summary>FEBRL 3 and 4 through the built <c>exchange link</c>, as a user runs it; F1 read back from its clusters.csv.</summary>
internal static class FebrlThroughCli
{
    public static async Task<int> RunAsync()
    {
        var root = FindRoot();
        var folder = Path.Combine(root, "tests", "Exchange.Index.Tests", "Resolution", "Febrl");
        var failed = 0;
        failed += await RunOneAsync("FEBRL 3", folder, "febrl3.settings.json", ["dataset3.csv"]);
        failed += await RunOneAsync("FEBRL 4", folder, "febrl4.settings.json", ["dataset4a.csv", "dataset4b.csv"]);
        return failed == 0 ? 0 : 1;
    }

    private static async Task<int> RunOneAsync(string name, string folder, string settings, string[] files)
    {
        var output = Path.Combine(Path.GetTempPath(), $"exchange-link-bench-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "exchange.dll"));
        start.ArgumentList.Add("link");
        foreach (var file in files)
            start.ArgumentList.Add(Path.Combine(folder, file));
        start.ArgumentList.Add("--settings");
        start.ArgumentList.Add(Path.Combine(folder, settings));
        start.ArgumentList.Add("--out");
        start.ArgumentList.Add(output);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"== {name}: exchange link exited {process.ExitCode}: {await stderr}");
            return 1;
        }
        var rows = File.ReadAllLines(Path.Combine(output, "clusters.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var truth = rows.Select(r => r[0].Split('-')[1]).ToList();
        var clusters = rows.Select(r => r[1]).ToList();
        var metrics = PairwiseMetrics.Compute(truth, clusters);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"== {name} through exchange link: {rows.Count:N0} records in {seconds:F1} s (process, start-up included); precision {metrics.Precision:F4} recall {metrics.Recall:F4} F1 {metrics.F1:F4}"));
        Console.WriteLine("   " + (await stdout).Trim());
        Directory.Delete(output, recursive: true);
        return 0;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Exchange.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Exchange.sln not found above " + AppContext.BaseDirectory);
    }
}
