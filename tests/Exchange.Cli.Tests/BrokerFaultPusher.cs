using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Exchange.Cli.Tests;

/// <summary>One request body of graduates, its media type and how many records it holds.</summary>
internal sealed record FaultBatch(byte[] Body, string ContentType, int Count);

/// <summary>
/// Pushes graduate batches as a careful client does: each under its own <c>Idempotency-Key</c>, and
/// retried with the same key — after an error answer, a broken connection or its own timeout —
/// until the hub answers an outcome for every record. Notes when each batch was accepted.
/// </summary>
internal sealed class BrokerFaultPusher(HttpClient http, Stopwatch clock, Func<bool> hubExited)
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    private readonly string _keyPrefix = $"broker-faults-{Guid.NewGuid():N}";
    private readonly ConcurrentQueue<TimeSpan> _accepted = new();
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private int _retries;

    /// <summary>Attempts after the first, over all batches.</summary>
    public int Retries => _retries;

    /// <summary>Failed attempts by what failed them: an HTTP status, or the exception's type.</summary>
    public IReadOnlyDictionary<string, int> Failures => _failures;

    /// <summary>When the first batch accepted after <paramref name="moment"/> was answered.</summary>
    public TimeSpan? FirstAcceptedAfter(TimeSpan moment) => _accepted.Where(at => at > moment).Cast<TimeSpan?>().Min();

    public async Task PushAsync(int number, FaultBatch batch, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(RetryPause, cancellationToken);
            }
            if (hubExited())
                throw new InvalidOperationException($"The hub exited while batch {number} was being pushed.");
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/records/graduate") { Content = new ByteArrayContent(batch.Body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(batch.ContentType);
                request.Headers.Add("Idempotency-Key", $"{_keyPrefix}-{number}");
                using var response = await http.SendAsync(request, cancellationToken);
                var answer = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    _failures.AddOrUpdate(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                    continue;
                }
                var outcome = JsonNode.Parse(answer)!;
                // Every record accepted, retried or not: a retry is answered as the first success would have been.
                if ((int)outcome["accepted"]! != batch.Count)
                    throw new InvalidOperationException($"Batch {number} was answered {(int)outcome["accepted"]!} accepted, {(int)outcome["duplicates"]!} duplicates and {(int)outcome["rejected"]!} rejected of {batch.Count}.");
                _accepted.Enqueue(clock.Elapsed);
                return;
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                _failures.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
            }
        }
    }
}
