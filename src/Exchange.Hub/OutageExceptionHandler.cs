using System.Globalization;
using Exchange.Core.Validation;
using Exchange.Log;
using Exchange.Postgres;
using Microsoft.AspNetCore.Diagnostics;

namespace Exchange.Hub;

/// <summary>
/// An outage is not a fault of the request: an event log that cannot store its records (every
/// broker of its partitions down, or the embedded log's database gone), or the hub's database
/// taking no session (a restart, a failover). Either is answered <c>503</c> with
/// <c>Retry-After</c> and a coded problem in both languages (<c>log.unavailable</c>,
/// <c>database.unavailable</c>), never as a bare 500. The driver's own words stay in the hub's
/// log: they name hosts and ports. The records of a push's chunk in hand were not registered
/// (those of earlier chunks may have been), so the sender's retry of the whole request, with the
/// same <c>Idempotency-Key</c>, stores the rest and keeps each record once. The web pages under
/// <c>/ui</c> answer an outage with a page of their own (<see cref="Ui.Pages.ErrorModel"/>).
/// </summary>
internal sealed partial class OutageExceptionHandler(IProblemDetailsService problems, ILogger<OutageExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>How long a caller is asked to wait: about as long as a broker takes to come back or to hand its partitions over, or a database to restart.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    /// <summary><see cref="RetryAfter"/> as the <c>Retry-After</c> header gives it: whole seconds.</summary>
    internal static readonly string RetryAfterHeader = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static readonly Outage LogOutage = new(
        ProblemCodes.LogUnavailable, "log-unavailable", "Event log unavailable",
        new Problem("", ProblemCodes.LogUnavailable,
            "The event log cannot store records at the moment, so this request was not completed. Send it again later, with the same Idempotency-Key: records it had already stored are recognised, and each is kept once.",
            "事件日志暂时无法存储记录，本次请求未能完成。请稍后以相同的 Idempotency-Key 重新发送：已保存的记录会被识别，每条记录只保留一次。"));

    private static readonly Outage DatabaseOutage = new(
        ProblemCodes.DatabaseUnavailable, "database-unavailable", "Database unavailable",
        new Problem("", ProblemCodes.DatabaseUnavailable,
            "The hub's database is unavailable at the moment, so this request was not completed. Send it again later; a push sent again with the same Idempotency-Key keeps each record once.",
            "数据交换中心的数据库暂时不可用，本次请求未能完成。请稍后重新发送；以相同的 Idempotency-Key 重新推送的记录每条只保留一次。"));

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // The handler runs with the request already pointed at the error page: the failed path is the feature's.
        var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path.Value ?? "";
        if (context.Response.HasStarted || new PathString(path).StartsWithSegments(Ui.UiPaths.Root) || OutageOf(exception) is not { } outage)
            return false;

        Answered(logger, context.Request.Method, path, outage.Code, exception);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterHeader;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = outage.Title,
                Detail = outage.Problem.Message,
                Type = ProblemTypes.For(outage.Type),
                Extensions = new Dictionary<string, object?> { ["problems"] = new[] { outage.Problem }, ["retryAfterSeconds"] = (int)RetryAfter.TotalSeconds },
            },
        });
    }

    /// <summary>The problem code of the outage <paramref name="exception"/> is (<c>log.unavailable</c> or <c>database.unavailable</c>); null when it is none.</summary>
    internal static string? OutageCodeOf(Exception exception) => OutageOf(exception)?.Code;

    // The log's own failure first: the embedded log's database gone is the log's outage to its caller.
    private static Outage? OutageOf(Exception exception)
    {
        if (exception is EventLogException)
            return LogOutage;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (DatabaseUnavailableException.IsConnectionFailure(e))
                return DatabaseOutage;
        }
        return null;
    }

    private sealed record Outage(string Code, string Type, string Title, Problem Problem);

    [LoggerMessage(EventId = Exchange.Core.Hosting.EventIds.OutageAnswered, Level = LogLevel.Warning,
        Message = "{Method} {Path} answered 503 ({Code}): an outage, not the request's fault")]
    internal static partial void Answered(ILogger logger, string method, string path, string code, Exception exception);
}
