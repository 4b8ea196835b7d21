using System.Globalization;
using System.Text.Json;
using Exchange.Core.Validation;
using Microsoft.AspNetCore.Diagnostics;

namespace Exchange.Hub;

/// <summary>
/// The server's own refusals of a request — a body over its size limit, broken chunked
/// encoding, a client that stopped sending — are the client's fault and are answered with their
/// own status as problem details, never as a 500. A JSON body an endpoint could not bind is
/// answered as the push API answers one: with a coded problem in both languages
/// (<c>input.encoding</c>, <c>input.not-json</c>, <c>input.unknown-member</c>) under <c>problems</c>.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || context.Response.HasStarted)
            return false;

        context.Response.StatusCode = bad.StatusCode;
        var unreadable = UnreadableJson(bad);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Body too large" : "Bad request",
                // The server's own message names the handler's parameter and its type: the caller is told what it sent instead.
                Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The body is larger than the server accepts; split larger batches."
                    : unreadable?.Message ?? "The request could not be read: " + bad.Message,
                Type = ProblemTypes.For(bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "too-large" : "bad-request"),
                Extensions = unreadable is not null ? new Dictionary<string, object?> { ["problems"] = new[] { unreadable } } : new Dictionary<string, object?>(),
            },
        });
    }

    private const string UnmappedMemberMessage = "could not be mapped to any .NET member";

    private static Problem? UnreadableJson(BadHttpRequestException bad)
    {
        if (bad.InnerException is not JsonException json)
            return null;
        // System.Text.Json reports bytes that are not UTF-8 as an invalid operation beneath the JSON error.
        if (json.InnerException is InvalidOperationException or System.Text.DecoderFallbackException)
            return new Problem("", ProblemCodes.InputEncoding, "The body is not valid UTF-8.", "请求体不是有效的 UTF-8 编码。");
        var pointer = json.Path is { Length: > 1 } path ? "/" + path.TrimStart('$', '.').Replace('.', '/') : "";
        // The serializer says so only in its message (never localised on .NET); missed, it stays input.not-json with its pointer.
        if (json.Message.Contains(UnmappedMemberMessage, StringComparison.Ordinal) && pointer.Length > 0)
        {
            var member = pointer[(pointer.LastIndexOf('/') + 1)..];
            return new Problem(pointer, ProblemCodes.InputUnknownMember,
                $"This endpoint does not take the member {member}; check its spelling against the API reference (/reference).",
                $"此接口不接受成员 {member}；请对照接口说明（/reference）检查拼写。");
        }
        var line = ((json.LineNumber ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        var position = ((json.BytePositionInLine ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        return new Problem(pointer, ProblemCodes.InputNotJson,
            $"The body is not JSON this endpoint can read (line {line}, byte {position}).",
            $"请求体不是此接口可读取的 JSON（第 {line} 行，第 {position} 字节）。");
    }
}
