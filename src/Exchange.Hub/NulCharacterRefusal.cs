using Exchange.Access.Audit;
using Exchange.Core.Validation;
using Exchange.Hub.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Exchange.Hub;

/// <summary>
/// PostgreSQL's text and jsonb cannot hold U+0000. A NUL the caller sent is the caller's input,
/// answered <c>400</c> with the coded problem <c>text.nul-character</c> a record holding one gets,
/// never a 500. A query parameter is refused before any endpoint runs, by name, and audited
/// (<see cref="RefuseInQueryAsync"/>); a NUL anywhere else (a steward's body, a form) is refused
/// when the database does (<see cref="Handler"/>), in a transaction it rolls back.
/// </summary>
internal static class NulCharacterRefusal
{
    /// <summary>Answers a request whose query holds a NUL in a name or value; passes any other on.</summary>
    public static async Task RefuseInQueryAsync(HttpContext context, RequestDelegate next)
    {
        foreach (var (name, values) in context.Request.Query)
        {
            if (name.Contains('\0', StringComparison.Ordinal) || values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
            {
                // Refused before the endpoint could audit its decision, so audited here, as every refusal is.
                var client = context.User.GetClient();
                await context.RequestServices.GetRequiredService<IAuditLog>().AppendAsync(new AuditRecord(
                    context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), client?.ClientId ?? "", client?.Organisation ?? "",
                    AuditedRequest.Purpose(context), "", AuditedRequest.Action(context), [], "deny", ProblemCodes.TextNulCharacter), context.RequestAborted);
                var shown = name.Replace("\0", "\\u0000", StringComparison.Ordinal);
                await WriteAsync(context, new Problem("", ProblemCodes.TextNulCharacter,
                    $"The query parameter {shown} holds a NUL character (\\u0000), which the exchange cannot store or search. Remove it.",
                    $"查询参数 {shown} 中含有空字符（\\u0000），交换平台无法存储或检索，请删除。"));
                return;
            }
        }
        await next(context);
    }

    /// <summary>The database's refusal of a NUL (invalid byte 0x00 in text; \u0000 in jsonb), as the caller's 400.</summary>
    internal sealed class Handler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter }
                || context.Response.HasStarted)
            {
                return false;
            }
            return await WriteAsync(context, new Problem("", ProblemCodes.TextNulCharacter,
                "The request holds a NUL character (\\u0000), which the exchange cannot store. Remove it; nothing of the request was kept.",
                "请求中含有空字符（\\u0000），交换平台无法存储。请删除后重试；本次请求的内容均未保存。"), problems);
        }
    }

    private static async Task<bool> WriteAsync(HttpContext context, Problem problem, IProblemDetailsService? service = null)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await (service ?? context.RequestServices.GetRequiredService<IProblemDetailsService>()).TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Bad request",
                Detail = problem.Message,
                Type = ProblemTypes.For("bad-request"),
                Extensions = new Dictionary<string, object?> { ["problems"] = new[] { problem } },
            },
        });
    }
}
