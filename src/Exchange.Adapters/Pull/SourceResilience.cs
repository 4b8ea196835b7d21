using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Exchange.Adapters.Pull;

/// <summary>
/// The resilience pipeline of one source: a total timeout around retries with jittered
/// exponential backoff (honouring <c>Retry-After</c>), a circuit breaker, and a timeout per try.
/// A try covers the request, the body and its parsing, so a garbage answer counts as a failure.
/// The pipeline is built once per adapter, so the breaker's state belongs to that source alone.
/// </summary>
internal static class SourceResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Build(
        RetryPolicy retry, CircuitBreakerPolicy breaker, TimeProvider clock, ILogger logger, string adapter)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = retry.TotalTimeout, Name = "total" });
        if (retry.MaxAttempts > 1)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome, args.Context)),
                OnRetry = args =>
                {
                    logger.PullRetry(adapter, args.AttemptNumber + 1, FetchFailure.Describe(args.Outcome), (long)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
        return builder
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome, args.Context)),
                OnOpened = args =>
                {
                    logger.PullCircuitOpened(adapter, FetchFailure.Describe(args.Outcome), (long)args.BreakDuration.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    logger.PullCircuitClosed(adapter);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = retry.AttemptTimeout, Name = "attempt" })
            .Build();
    }

    /// <summary>
    /// A failure worth another try: the library's transient HTTP failures (5xx, 408, 429, a
    /// connection error, a timed-out try), the HTTP client's own timeout, or a body that is not
    /// what the source should send. Another 4xx is not: asking again will not change the answer.
    /// </summary>
    private static bool IsFailure(Outcome<HttpResponseMessage> outcome, ResilienceContext context) =>
        HttpClientResiliencePredicates.IsTransient(outcome)
        || outcome.Exception is JsonException or InvalidDataException
        || (outcome.Exception is OperationCanceledException && !context.CancellationToken.IsCancellationRequested);
}

/// <summary>The reason a fetch failed, in the words a round reports and the log shows.</summary>
internal static class FetchFailure
{
    public static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } exception ? Describe(exception) : Describe(outcome.Result!);

    public static string Describe(HttpResponseMessage response) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}");

    public static string Describe(Exception exception) => exception switch
    {
        BrokenCircuitException => "circuit open: the source failed too often and is left alone until its break ends",
        TimeoutRejectedException or OperationCanceledException => "timeout",
        HttpRequestException e => "connection failed: " + e.HttpRequestError.ToString(),
        JsonException or InvalidDataException => "malformed response: " + exception.Message,
        _ => exception.GetType().Name,
    };
}
