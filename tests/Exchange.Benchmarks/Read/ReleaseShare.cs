using System.Collections.Concurrent;
using System.Diagnostics;
using Exchange.Access.Enforcement;

namespace Exchange.Benchmarks.Read;

/// <summary>
/// The release service's share of request time, from its own activities (source
/// <see cref="ReleaseTelemetry.Name"/>: one per release, decide → audit → mask). Each request the
/// benchmark sends carries a <c>traceparent</c> naming a trace of its own; the hub's request and
/// the release activities under it continue that trace, so a release activity is filed under the
/// query whose request it served. Nested release activities are not counted twice. Release
/// activities that could not be filed are counted, so that a broken propagation shows.
/// </summary>
internal sealed class ReleaseShare : IDisposable
{
    private readonly ConcurrentDictionary<ActivityTraceId, Tally> _open = new();
    private readonly ConcurrentDictionary<string, Tally> _byQuery = new(StringComparer.Ordinal);
    private readonly ActivityListener _listener;
    private long _unfiled;

    // Npgsql's activities: one per command. Those under a release activity are the release's time in the database.
    private const string DatabaseSource = "Npgsql";

    public ReleaseShare()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ReleaseTelemetry.Name or DatabaseSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = OnStopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Sends <paramref name="request"/> under a trace of its own, filed under <paramref name="query"/>, and counts its time.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient http, string query, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var tally = _byQuery.GetOrAdd(query, _ => new Tally());
        // A root activity of the client's: the HTTP client propagates its trace to the hub in traceparent.
        using var client = new Activity("read benchmark request");
        client.SetIdFormat(ActivityIdFormat.W3C);
        client.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        client.Start();
        var trace = client.TraceId;
        _open[trace] = tally;
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        finally
        {
            tally.AddRequest(Stopwatch.GetElapsedTime(started));
            _open.TryRemove(trace, out _);
            client.Stop();
        }
    }

    /// <summary>The time the release spent in database commands over the time spent in requests, for one query.</summary>
    public double? DatabaseOf(string query) =>
        _byQuery.TryGetValue(query, out var tally) && tally.RequestTicks > 0 ? (double)tally.ReleaseDatabaseTicks / tally.RequestTicks : null;

    /// <summary>Release activities seen that belonged to no request the benchmark was timing.</summary>
    public long Unfiled => Interlocked.Read(ref _unfiled);

    /// <summary>Forgets what was counted for <paramref name="query"/> (its warm-up).</summary>
    public void Reset(string query) => _byQuery.TryRemove(query, out _);

    /// <summary>The time spent in release over the time spent in requests, for one query; null when none was sent.</summary>
    public double? Of(string query) =>
        _byQuery.TryGetValue(query, out var tally) && tally.RequestTicks > 0 ? (double)tally.ReleaseTicks / tally.RequestTicks : null;

    private void OnStopped(Activity activity)
    {
        if (activity.Source.Name == DatabaseSource)
        {
            if (_open.TryGetValue(activity.TraceId, out var request) && UnderRelease(activity))
                request.AddReleaseDatabase(activity.Duration);
            return;
        }
        if (activity.Parent?.Source.Name == ReleaseTelemetry.Name)
            return;
        if (_open.TryGetValue(activity.TraceId, out var tally))
            tally.AddRelease(activity.Duration);
        else
            Interlocked.Increment(ref _unfiled);
    }

    private static bool UnderRelease(Activity activity)
    {
        for (var parent = activity.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.Source.Name == ReleaseTelemetry.Name)
                return true;
        }
        return false;
    }

    public void Dispose() => _listener.Dispose();

    private sealed class Tally
    {
        private long _requestTicks;
        private long _releaseTicks;
        private long _releaseDatabaseTicks;

        public long RequestTicks => Interlocked.Read(ref _requestTicks);

        public long ReleaseTicks => Interlocked.Read(ref _releaseTicks);

        public void AddRequest(TimeSpan elapsed) => Interlocked.Add(ref _requestTicks, elapsed.Ticks);

        public long ReleaseDatabaseTicks => Interlocked.Read(ref _releaseDatabaseTicks);

        public void AddRelease(TimeSpan elapsed) => Interlocked.Add(ref _releaseTicks, elapsed.Ticks);

        public void AddReleaseDatabase(TimeSpan elapsed) => Interlocked.Add(ref _releaseDatabaseTicks, elapsed.Ticks);
    }
}
