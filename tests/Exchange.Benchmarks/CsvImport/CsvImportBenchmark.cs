using System.Diagnostics;
using System.Globalization;

namespace Exchange.Benchmarks.CsvImport;

/// <summary>
/// <c>csvimport --rows N [--folder DIR]</c>: writes an N-row GBK CSV and the same records as
/// NDJSON, imports each with <c>exchange import</c> as a process of its own on a fresh embedded
/// database, and reports each one's rows per second and the importing process's peak resident
/// memory (VmHWM). It asks whether streaming CSV costs throughput next to NDJSON, and whether a
/// file of any size imports in bounded memory.
/// </summary>
internal static class CsvImportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 1_000_000;
        // Under /tmp: run as root, the embedded server runs as the postgres user, who must reach the folder.
        var folder = Option(args, "--folder") ?? Path.Combine("/tmp", $"exchange-csvimport-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);

        var csv = Path.Combine(folder, "graduates.csv");
        var ndjson = Path.Combine(folder, "graduates.ndjson");
        var generating = Stopwatch.StartNew();
        CsvImportFiles.WriteCsv(csv, rows);
        CsvImportFiles.WriteNdJson(csv, ndjson);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated {rows:N0} rows in {generating.Elapsed.TotalSeconds:F0} s: CSV {new FileInfo(csv).Length / 1048576.0:F0} MiB (GBK), NDJSON {new FileInfo(ndjson).Length / 1048576.0:F0} MiB"));

        var results = new List<(string Format, ImportRun Run)>();
        foreach (var (format, file) in new[] { ("ndjson", ndjson), ("csv", csv) })
        {
            var data = Path.Combine(folder, $"db-{format}");
            // A one-row import first creates the database cluster and migrates it, so the measured run is the import alone.
            var warmUp = Path.Combine(folder, $"warm-up.{format}");
            await File.WriteAllLinesAsync(warmUp, format == "csv" ? File.ReadLines(csv).Take(1) : [], System.Text.Encoding.UTF8);
            await ImportRun.StartAsync(warmUp, data, format); // holds no record: exits 2 with input.empty or csv.empty, by design
            var run = await ImportRun.StartAsync(file, data, format);
            results.Add((format, run));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{format,-6} exit {run.ExitCode}  {run.Elapsed.TotalSeconds,7:F1} s  {rows / run.Elapsed.TotalSeconds,9:N0} rows/s  peak RSS (VmHWM) {run.PeakKb / 1024.0,6:F0} MiB"));
            if (run.ExitCode != 0)
                Console.WriteLine(run.OutputTail);
        }

        var csvRate = rows / results.Single(x => x.Format == "csv").Run.Elapsed.TotalSeconds;
        var ndjsonRate = rows / results.Single(x => x.Format == "ndjson").Run.Elapsed.TotalSeconds;
        var csvPeakMb = results.Single(x => x.Format == "csv").Run.PeakKb / 1024.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CSV at {csvRate / ndjsonRate:P0} of the NDJSON rate (target ≥ 50%); CSV import peak {csvPeakMb:F0} MiB (target ≤ 400 MB)"));
        return results.All(x => x.Run.ExitCode == 0) ? 0 : 1;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
