using System.Globalization;

namespace Exchange.Benchmarks.Read;

/// <summary>One query's figures: through HTTP, as the plain index query, the release's share, and its target.</summary>
/// <param name="ReleaseDatabaseShare">The part of <paramref name="ReleaseShare"/> spent in database commands (the audit append, the handle directory).</param>
internal sealed record QueryFigures(string Query, LoopFigures Http, LoopFigures Plain, double? ReleaseShare, double? ReleaseDatabaseShare, TimeSpan Target);

/// <summary>The read benchmark's findings: a table of the four queries against their targets.</summary>
internal sealed class ReadReport(ReadArguments arguments) : IBenchmarkReport
{
    /// <summary>The release service's share of request time may be at most this.</summary>
    public const double ReleaseShareTarget = 0.15;

    public TimeSpan Load { get; set; }

    public IReadOnlyDictionary<string, long> Counts { get; set; } = new Dictionary<string, long>();

    public List<QueryFigures> Queries { get; } = [];

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Read API over {arguments.Graduates:N0} graduates and {arguments.Vacancies:N0} jobs ({arguments.ConsentPercent}% consenting to matchers); {arguments.Clients} clients, {arguments.Seconds} s a query through HTTP, {arguments.Seconds / 4} s plain; loaded in {Load.TotalSeconds:N0} s"));
        output.WriteLine("In the index: " + string.Join(", ", Counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:N0}"))));
        output.WriteLine();
        output.WriteLine("| query | p50 (ms) | p99 (ms) | req/s | errors | plain p50 (ms) | plain p99 (ms) | plain req/s | release share (in DB) | target p99 | p99 | release ≤ 15% |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var q in Queries)
        {
            var share = q.ReleaseShare is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s:P0} ({q.ReleaseDatabaseShare ?? 0:P0})") : "n/a";
            var shareMet = q.ReleaseShare is { } r ? (r <= ReleaseShareTarget ? "met" : "MISSED") : "n/a";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {q.Query} | {q.Http.P50:N1} | {q.Http.P99:N1} | {q.Http.PerSecond:N0} | {q.Http.Errors:N0} | {q.Plain.P50:N1} | {q.Plain.P99:N1} | {q.Plain.PerSecond:N0} | {share} | {q.Target.TotalMilliseconds:N0} ms | {(q.Http.P99 <= q.Target.TotalMilliseconds && q.Http.Errors == 0 ? "met" : "MISSED")} | {shareMet} |"));
        }
    }
}
