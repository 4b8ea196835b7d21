using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Exchange.Adapters.Pull;

/// <summary>The outcome of a fetch: the parsed value, or why it failed after <paramref name="Attempts"/> tries (none when the breaker was open).</summary>
internal readonly record struct Fetched<T>(T? Value, string? Failure, int Attempts)
{
    public bool Succeeded => Failure is null;
}

/// <summary>
/// GETs a JSON document through the source's resilience pipeline (<see cref="SourceResilience"/>):
/// each try sends the request, reads the body and parses it, so a body that is not the JSON
/// expected (the parser throws <see cref="JsonException"/> or <see cref="InvalidDataException"/>)
/// is retried like a 5xx.
/// </summary>
internal sealed class HttpFetcher(HttpClient http, RetryPolicy retry, CircuitBreakerPolicy breaker, ILogger logger, string adapter, TimeProvider? clock = null)
{
    /// <summary>Bodies larger than this are garbage, not a page.</summary>
    public const int MaxBodyBytes = 32 * 1024 * 1024;

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline =
        SourceResilience.Build(retry, breaker, clock ?? TimeProvider.System, logger, adapter);

    public async Task<Fetched<T>> GetAsync<T>(Uri uri, string accept, Func<byte[], T> parse, CancellationToken cancellationToken)
    {
        T? value = default;
        var attempts = 0;
        try
        {
            using var response = await _pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.TryAddWithoutValidation("Accept", accept);
                var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                if (!response.IsSuccessStatusCode)
                    return response;
                try
                {
                    value = parse(await ReadBoundedAsync(response, token));
                    return response;
                }
                catch
                {
                    response.Dispose();
                    throw;
                }
            }, cancellationToken);
            return response.IsSuccessStatusCode ? new Fetched<T>(value, null, attempts) : new Fetched<T>(default, FetchFailure.Describe(response), attempts);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutRejectedException or BrokenCircuitException
                                      or HttpRequestException or JsonException or InvalidDataException)
        {
            return new Fetched<T>(default, FetchFailure.Describe(e), attempts);
        }
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
