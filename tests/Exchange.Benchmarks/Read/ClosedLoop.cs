using System.Diagnostics;
using Exchange.Benchmarks.Load;

namespace Exchange.Benchmarks.Read;

/// <summary>What one query measured under a closed loop: latency percentiles (ms), requests and errors, and the rate.</summary>
internal sealed record LoopFigures(int Requests, int Errors, double P50, double P99, double PerSecond);

/// <summary>
/// A closed loop: <c>clients</c> workers each send one request, wait for its answer, and send the
/// next, for a fixed time. A request answers whether it succeeded; a thrown exception counts as a
/// failure, and the loop goes on.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LoopFigures> RunAsync(int clients, TimeSpan duration, Func<Random, CancellationToken, Task<bool>> request, CancellationToken cancellationToken)
    {
        // One bucket for the whole run: the clock the latencies are filed by stands still.
        var latencies = new MinuteLatencies(DateTimeOffset.UnixEpoch, new StoppedClock());
        var elapsed = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (elapsed.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                bool succeeded;
                try
                {
                    succeeded = await request(random, cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException or Npgsql.NpgsqlException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    succeeded = false;
                }
                latencies.Record(Stopwatch.GetElapsedTime(started), failed: !succeeded);
            }
        }, cancellationToken)));
        var seconds = elapsed.Elapsed.TotalSeconds;
        var figures = latencies.Figures().Single();
        return new LoopFigures(figures.Requests, figures.Errors, figures.P50 ?? 0, figures.P99 ?? 0, figures.Requests / seconds);
    }

    /// <summary>Percentiles of some of a loop's requests, reckoned as the loop reckons its own.</summary>
    public static MinuteFigures Summarise(IEnumerable<TimeSpan> latencies)
    {
        var all = new MinuteLatencies(DateTimeOffset.UnixEpoch, new StoppedClock());
        foreach (var latency in latencies)
            all.Record(latency, failed: false);
        return all.Figures().Single();
    }

    private sealed class StoppedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch;
    }
}
