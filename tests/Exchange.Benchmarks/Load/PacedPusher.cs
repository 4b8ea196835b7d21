using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Exchange.Benchmarks.Ingest;

namespace Exchange.Benchmarks.Load;

/// <summary>
/// Pushes new graduate records at a steady rate, one NDJSON batch at a time on a fixed schedule:
/// batch i leaves at start + i × batch ÷ rate, whether or not earlier answers came back (up to
/// <see cref="MaxInFlight"/> at once), so a slow hub shows as latency, not as a lower rate.
/// Records are generated ahead of the schedule in a background task.
/// </summary>
internal sealed class PacedPusher(Uri hub, string token, int recordsPerSecond, int batchSize, int firstRecord)
{
    private const int MaxInFlight = 8;
    private static readonly MediaTypeHeaderValue s_ndjson = new("application/x-ndjson");

    public long RecordsAccepted => Interlocked.Read(ref _accepted);

    public long BatchesBehindSchedule => Interlocked.Read(ref _late);

    public List<string> ErrorSamples { get; } = [];

    private long _accepted;
    private long _late;

    public async Task RunAsync(TimeSpan duration, MinuteLatencies latencies, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = MaxInFlight })
        {
            BaseAddress = hub,
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var batches = Channel.CreateBounded<RecordBatch>(new BoundedChannelOptions(64) { SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var generator = Task.Run(() => GenerateAsync(batches.Writer, stop.Token), stop.Token);

        var interval = TimeSpan.FromSeconds(batchSize / (double)recordsPerSecond);
        using var slots = new SemaphoreSlim(MaxInFlight);
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (var i = 0L; ; i++)
        {
            var due = interval * i;
            if (due >= duration)
                break;
            if (due > clock.Elapsed)
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            var batch = await batches.Reader.ReadAsync(cancellationToken);
            if (!await slots.WaitAsync(0, cancellationToken))
            {
                Interlocked.Increment(ref _late);
                await slots.WaitAsync(cancellationToken);
            }
            inFlight.Add(SendAsync(http, batch, latencies, slots, cancellationToken));
            inFlight.RemoveAll(t => t.IsCompleted);
        }
        await Task.WhenAll(inFlight);
        await stop.CancelAsync();
        try
        {
            await generator;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task GenerateAsync(ChannelWriter<RecordBatch> writer, CancellationToken cancellationToken)
    {
        for (var first = firstRecord; ; first += SyntheticGraduates.ChunkSize)
        {
            foreach (var batch in SyntheticGraduates.Batches(SyntheticGraduates.CreateRange(first, SyntheticGraduates.ChunkSize), batchSize))
                await writer.WriteAsync(batch, cancellationToken);
        }
    }

    private async Task SendAsync(HttpClient http, RecordBatch batch, MinuteLatencies latencies, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            using var content = new ByteArrayContent(batch.Body);
            content.Headers.ContentType = s_ndjson;
            using var response = await http.PostAsync(new Uri("/v1/records/graduate", UriKind.Relative), content, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Note($"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))}");
                return;
            }
            using var answer = JsonDocument.Parse(body);
            var accepted = answer.RootElement.GetProperty("accepted").GetInt32();
            Interlocked.Add(ref _accepted, accepted);
            failed = accepted != batch.Count;
            if (failed)
                Note($"{accepted} of {batch.Count} accepted");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Note(e.Message);
        }
        finally
        {
            latencies.Record(Stopwatch.GetElapsedTime(started), failed);
            slots.Release();
        }
    }

    private void Note(string error)
    {
        lock (ErrorSamples)
        {
            if (ErrorSamples.Count < 10)
                ErrorSamples.Add(error);
        }
    }
}
