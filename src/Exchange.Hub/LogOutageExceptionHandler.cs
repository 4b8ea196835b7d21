using System.Globalization;
using Exchange.Core.Validation;
using Exchange.Log;
using Microsoft.AspNetCore.Diagnostics;

namespace Exchange.Hub;

/// <summary>
/// An event log that cannot store a request's records — every broker of its partitions down, or
/// the embedded log's database gone — is an outage, not a fault of the request: answered
/// <c>503</c> with <c>Retry-After</c> and the coded problem <c>log.unavailable</c> in both
/// languages, never as a bare 500. The log's own words stay in the hub's log: they name brokers
/// and ports. The records of the chunk in hand were not registered (those of earlier chunks
/// may have been), so the sender's retry of the whole request, with the same
/// <c>Idempotency-Key</c>, stores the rest and keeps each record once.
/// </summary>
internal sealed partial class LogOutageExceptionHandler(IProblemDetailsService problems, ILogger<LogOutageExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>How long a sender is asked to wait: about as long as a broker takes to come back or to hand its partitions over.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not EventLogException outage || context.Response.HasStarted)
            return false;

        LogOutage(logger, context.Request.Method, context.Request.Path, outage);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var problem = new Problem("", ProblemCodes.LogUnavailable,
            "The event log cannot store records at the moment, so this request was not completed. Send it again later, with the same Idempotency-Key: records it had already stored are recognised, and each is kept once.",
            "事件日志暂时无法存储记录，本次请求未能完成。请稍后以相同的 Idempotency-Key 重新发送：已保存的记录会被识别，每条记录只保留一次。");
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Event log unavailable",
                Detail = problem.Message,
                Type = ProblemTypes.For("log-unavailable"),
                Extensions = new Dictionary<string, object?> { ["problems"] = new[] { problem }, ["retryAfterSeconds"] = (int)RetryAfter.TotalSeconds },
            },
        });
    }

    [LoggerMessage(EventId = Exchange.Core.Hosting.EventIds.LogOutageAnswered, Level = LogLevel.Warning,
        Message = "{Method} {Path} answered 503: the event log could not store it")]
    private static partial void LogOutage(ILogger logger, string method, string path, Exception exception);
}
