using System.Collections.Concurrent;

namespace Exchange.Benchmarks.Load;

/// <summary>Latencies and errors of one kind of request, bucketed by the minute of the run they ended in.</summary>
internal sealed class MinuteLatencies(DateTimeOffset start, TimeProvider clock)
{
    private readonly ConcurrentDictionary<int, Bucket> _minutes = new();

    public void Record(TimeSpan latency, bool failed)
    {
        var bucket = _minutes.GetOrAdd(MinuteNow(), _ => new Bucket());
        lock (bucket)
        {
            bucket.Milliseconds.Add(latency.TotalMilliseconds);
            if (failed)
                bucket.Errors++;
        }
    }

    public int MinuteNow() => (int)((clock.GetUtcNow() - start).TotalMinutes) + 1;

    /// <summary>One row per minute: requests, errors and latency percentiles in milliseconds.</summary>
    public IReadOnlyList<MinuteFigures> Figures() =>
        [.. _minutes.OrderBy(m => m.Key).Select(m =>
        {
            lock (m.Value)
            {
                var sorted = m.Value.Milliseconds.Order().ToArray();
                return new MinuteFigures(m.Key, sorted.Length, m.Value.Errors,
                    Percentile(sorted, 0.50), Percentile(sorted, 0.90), Percentile(sorted, 0.99), sorted.Length == 0 ? null : sorted[^1]);
            }
        })];

    private static double? Percentile(double[] sorted, double share) =>
        sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Length) - 1, 0, sorted.Length - 1)];

    private sealed class Bucket
    {
        public List<double> Milliseconds { get; } = [];

        public int Errors { get; set; }
    }
}

/// <summary>What one minute of one kind of request measured; latencies in milliseconds.</summary>
internal sealed record MinuteFigures(int Minute, int Requests, int Errors, double? P50, double? P90, double? P99, double? Max);
