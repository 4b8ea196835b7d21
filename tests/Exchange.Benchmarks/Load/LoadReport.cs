using System.Globalization;

namespace Exchange.Benchmarks.Load;

/// <summary>The mixed-load run's findings, minute by minute, against its targets.</summary>
internal sealed class LoadReport(LoadArguments arguments) : IBenchmarkReport
{
    public const double MemoryGrowthTarget = 0.10;

    public TimeSpan PreloadElapsed { get; set; }

    public double CapacityRecordsPerSecond { get; set; }

    public int PushRate { get; set; }

    public IReadOnlyList<MinuteFigures> Push { get; set; } = [];

    public long PushAccepted { get; set; }

    public long PushLate { get; set; }

    public List<string> PushErrors { get; } = [];

    public IReadOnlyList<ReadGroupResult> Reads { get; set; } = [];

    public IReadOnlyList<HubSample> Samples { get; set; } = [];

    public IReadOnlyList<(string Schema, long Bytes)> SchemaSizes { get; set; } = [];

    public void Print(TextWriter output)
    {
        void Line(FormattableString line) => output.WriteLine(line.ToString(CultureInfo.InvariantCulture));
        var fetch = Reads.Single(r => r.Name == "subject fetch");
        var search = Reads.Single(r => r.Name == "audit search");

        output.WriteLine();
        Line($"Mixed load: {arguments.Minutes} min on one hub process (embedded log), {Environment.ProcessorCount} CPUs shared by the hub, PostgreSQL, the pusher and autocannon");
        Line($"Ingest capacity: {arguments.Preload:N0} graduates in {PreloadElapsed.TotalSeconds:N1} s = {CapacityRecordsPerSecond:N0} records/s (4 senders, {arguments.BatchSize} a request)");
        Line($"Pushes under load: {PushRate:N0} records/s ({arguments.BatchSize} a request); {PushAccepted:N0} records accepted; {PushLate:N0} batches left late because 8 were in flight");
        Line($"Reads: autocannon, {fetch.Minutes.Sum(m => m.Requests) / 1.0:N0} subject fetches ({arguments.Readers - Math.Max(1, arguments.Readers / 4)} connections, employer, purpose matching, release service on) and {search.Minutes.Sum(m => m.Requests):N0} audit searches ({Math.Max(1, arguments.Readers / 4)} connections)");
        output.WriteLine();

        var pushErrors = Push.Sum(m => m.Errors);
        Line($"Errors: pushes {pushErrors}; subject fetches {fetch.Errors} errors, {fetch.Timeouts} timeouts, {fetch.Non2xx} non-2xx; audit searches {search.Errors} errors, {search.Timeouts} timeouts, {search.Non2xx} non-2xx");
        Line($"Status codes: fetches {Codes(fetch)}; searches {Codes(search)}");
        foreach (var error in PushErrors)
            Line($"  push error: {error}");
        output.WriteLine();

        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,6} | {1,7} {2,8} {3,8} | {4,8} {5,8} {6,8} | {7,8} {8,8} {9,8} | {10,8} {11,8} {12,10}",
            "minute", "pushes", "p50 ms", "p99 ms", "fetch/s", "p50 ms", "p99 ms", "search/s", "p50 ms", "p99 ms", "RSS MB", "max MB", "merge lag"));
        // Answers that end after the last full minute fall in a partial one, left out.
        var minutes = arguments.Minutes;
        for (var minute = 1; minute <= minutes; minute++)
        {
            var push = Push.FirstOrDefault(m => m.Minute == minute);
            var f = fetch.Minutes.FirstOrDefault(m => m.Minute == minute);
            var s = search.Minutes.FirstOrDefault(m => m.Minute == minute);
            var samples = InMinute(minute);
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,6} | {1,7} {2,8:N1} {3,8:N1} | {4,8:N0} {5,8:N1} {6,8:N1} | {7,8:N0} {8,8:N1} {9,8:N1} | {10,8:N0} {11,8:N0} {12,10}",
                minute, push?.Requests, push?.P50, push?.P99, f?.Requests / 60.0, f?.P50, f?.P99, s?.Requests / 60.0, s?.P50, s?.P99,
                samples.Count == 0 ? null : samples.Average(x => x.RssMb), samples.Count == 0 ? null : samples.Max(x => x.RssMb),
                samples.Select(x => x.MergerLag).Where(l => l is not null).Max()?.ToString("N0", CultureInfo.InvariantCulture) ?? "-"));
        }
        output.WriteLine();

        var first = InMinute(2);
        var last = InMinute(minutes);
        if (minutes >= 3 && first.Count > 0 && last.Count > 0)
        {
            var growth = last.Average(s => s.RssMb) / first.Average(s => s.RssMb) - 1;
            Line($"Memory: mean RSS {first.Average(s => s.RssMb):N0} MB in minute 2, {last.Average(s => s.RssMb):N0} MB in minute {minutes}: {growth:+0.0%;-0.0%} (target ≤ {MemoryGrowthTarget:0%}: {(growth <= MemoryGrowthTarget ? "met" : "MISSED")})");
        }
        var graduates = arguments.Preload + PushAccepted;
        var total = SchemaSizes.Sum(s => s.Bytes);
        Line($"Database after the run: {total / 1073741824.0:N2} GiB for {graduates:N0} graduates pushed, {fetch.Requests:N0} audited fetches and {arguments.Consented:N0} consents");
        Line($"  by schema: {string.Join(", ", SchemaSizes.Select(s => FormattableString.Invariant($"{s.Schema} {s.Bytes / 1048576.0:N0} MiB")))}");
        // The log and the ingest registry hold every graduate pushed; the index only those merged by the end, which may lag.
        var merged = graduates - (Samples.LastOrDefault(s => s.MergerLag is not null)?.MergerLag ?? 0);
        Line($"  per million graduates: log and ingest {PerMillion(["log", "ingest"], graduates):N2} GiB (of {graduates:N0} pushed), index {PerMillion(["public"], merged):N2} GiB (of {merged:N0} merged)");
        var errors = pushErrors + fetch.Errors + fetch.Timeouts + fetch.Non2xx + search.Errors + search.Timeouts + search.Non2xx;
        Line($"Errors: {errors} (target 0: {(errors == 0 ? "met" : "MISSED")})");
    }

    private List<HubSample> InMinute(int minute) =>
        [.. Samples.Where(s => s.At >= TimeSpan.FromMinutes(minute - 1) && s.At < TimeSpan.FromMinutes(minute))];

    private static string Codes(ReadGroupResult result) =>
        string.Join(", ", result.StatusCodes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value:N0}"));

    private double PerMillion(string[] schemas, long graduates) =>
        graduates <= 0 ? 0 : SchemaSizes.Where(s => schemas.Contains(s.Schema)).Sum(s => s.Bytes) / 1073741824.0 / graduates * 1_000_000;
}
