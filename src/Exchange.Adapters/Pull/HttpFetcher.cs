using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Exchange.Adapters.Pull;

/// <summary>The outcome of a fetch: the parsed value, or why it failed after the retries.</summary>
internal readonly record struct Fetched<T>(T? Value, string? Failure)
{
    public bool Succeeded => Failure is null;
}

/// <summary>
/// GETs a JSON document with retries: a timeout, a connection failure, 408, 429, any 5xx, or a
/// body that is not the JSON expected (the parser throws <see cref="JsonException"/>) is tried
/// again after a backoff; another 4xx is not, since asking again will not change the answer.
/// </summary>
internal sealed class HttpFetcher(HttpClient http, RetryPolicy retry, ILogger logger, string adapter, TimeProvider? clock = null)
{
    /// <summary>Bodies larger than this are garbage, not a page.</summary>
    public const int MaxBodyBytes = 32 * 1024 * 1024;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<Fetched<T>> GetAsync<T>(Uri uri, string accept, Func<byte[], T> parse, CancellationToken cancellationToken)
    {
        string reason = "no attempt";
        for (var attempt = 1; attempt <= retry.MaxAttempts; attempt++)
        {
            bool transient;
            // HttpClient.Timeout stops at the headers when reading as a stream; this covers the body too.
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (http.Timeout != Timeout.InfiniteTimeSpan)
                attemptTimeout.CancelAfter(http.Timeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.TryAddWithoutValidation("Accept", accept);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptTimeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    var body = await ReadBoundedAsync(response, attemptTimeout.Token);
                    return new Fetched<T>(parse(body), null);
                }
                var status = (int)response.StatusCode;
                reason = string.Create(CultureInfo.InvariantCulture, $"HTTP {status}");
                transient = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                reason = "timeout";
                transient = true;
            }
            catch (HttpRequestException e)
            {
                reason = "connection failed: " + e.HttpRequestError.ToString();
                transient = true;
            }
            catch (JsonException e)
            {
                reason = "malformed response: " + e.Message;
                transient = true;
            }
            catch (InvalidDataException e)
            {
                reason = "malformed response: " + e.Message;
                transient = true;
            }

            if (!transient || attempt == retry.MaxAttempts)
                break;
            var delay = retry.DelayAfter(attempt);
            logger.PullRetry(adapter, attempt, reason, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _clock, cancellationToken);
        }
        return new Fetched<T>(default, reason);
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxBodyBytes)
            throw new InvalidDataException("The response is larger than the adapter reads.");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                throw new InvalidDataException("The response is larger than the adapter reads.");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
