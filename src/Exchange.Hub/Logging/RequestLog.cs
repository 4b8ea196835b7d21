using System.Diagnostics;
using Exchange.Core.Hosting;
using Exchange.Hub.Authentication;

namespace Exchange.Hub.Logging;

/// <summary>
/// One Information line per request: method, route template, status, duration and calling
/// client — never the raw path or query, which can carry a token, a subject key or a resident id.
/// </summary>
internal static partial class RequestLog
{
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Exchange.Hub.Requests");
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                Completed(logger, AuditedRequest.Action(context), context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.User.GetClient()?.ClientId ?? "-");
            }
        });
    }

    [LoggerMessage(EventId = EventIds.RequestCompleted, Level = LogLevel.Information, Message = "{Action} answered {StatusCode} in {ElapsedMs:0.0} ms for {Client}")]
    private static partial void Completed(ILogger logger, string action, int statusCode, double elapsedMs, string client);
}
