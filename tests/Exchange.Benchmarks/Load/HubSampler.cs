using System.Globalization;
using System.Text.RegularExpressions;
using Exchange.Benchmarks.Ingest;

namespace Exchange.Benchmarks.Load;

/// <summary>One look at the hub: its resident memory and how far its merger is behind.</summary>
internal sealed record HubSample(TimeSpan At, double RssMb, long? MergerLag);

/// <summary>
/// Every few seconds reads the hub process's VmRSS from /proc and its merger lag from
/// <c>/health/ready</c> (the merger-lag check's "N records behind").
/// </summary>
internal sealed partial class HubSampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly HttpClient _http;
    private readonly TimeSpan _every;
    private readonly CancellationTokenSource _stop = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly List<HubSample> _samples = [];
    private readonly Task _loop;

    public HubSampler(int pid, Uri hub, TimeSpan every)
    {
        _pid = pid;
        _every = every;
        _http = new HttpClient { BaseAddress = hub, Timeout = TimeSpan.FromSeconds(10) };
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Time since sampling started: the clock of <see cref="HubSample.At"/>.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public IReadOnlyList<HubSample> Samples
    {
        get
        {
            lock (_samples)
                return [.. _samples];
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var rss = (ProcFs.StatusKb(_pid, "VmRSS") ?? 0) / 1024.0;
            var lag = await MergerLagAsync();
            lock (_samples)
                _samples.Add(new HubSample(_clock.Elapsed, rss, lag));
            try
            {
                await Task.Delay(_every, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<long?> MergerLagAsync()
    {
        try
        {
            // A 503 (lag over the bound) names the lag too.
            using var response = await _http.GetAsync(new Uri("/health/ready", UriKind.Relative), _stop.Token);
            var body = await response.Content.ReadAsStringAsync(_stop.Token);
            return RecordsBehind().Match(body) is { Success: true } match
                ? long.Parse(match.Groups["lag"].Value, CultureInfo.InvariantCulture)
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _http.Dispose();
        _stop.Dispose();
    }

    [GeneratedRegex(@"(?<lag>\d+) records behind", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RecordsBehind();
}
