using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Text.Json;
using Exchange.Core.Validation;
using Microsoft.AspNetCore.Diagnostics;

namespace Exchange.Hub;

/// <summary>
/// The server's own refusals of a request — a body over its size limit, broken chunked
/// encoding, a client that stopped sending — are the client's fault and are answered with their
/// own status as problem details, never as a 500. A JSON body an endpoint could not bind is
/// answered as the push API answers one: with a coded problem in both languages
/// (<c>input.encoding</c>, <c>input.not-json</c>, <c>input.unknown-member</c>, <c>input.wrong-type</c>) under <c>problems</c>;
/// a query value it could not bind, as the endpoint's own refusals are (<c>steward.invalid-parameter</c>).
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || context.Response.HasStarted)
            return false;

        context.Response.StatusCode = bad.StatusCode;
        if (UnboundParameter(context, bad) is { } parameter)
        {
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = QueryParameterProblems.Details([parameter]),
            });
        }

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

    // The server's words for a value it could not bind: 'Failed to bind parameter "Nullable<int> limit" from "abc".'
    [GeneratedRegex("""^Failed to bind parameter "[^"]* (?<name>[^" ]+)" from """, RegexOptions.CultureInvariant)]
    private static partial Regex BindFailure();

    /// <summary>
    /// A query value of the wrong form for its parameter (<c>limit=abc</c>, <c>from=yesterday</c>),
    /// answered as the endpoint's own refusals are, with the form expected. The value is not echoed:
    /// whatever a caller puts in a query string (a resident id, say) stays out of the answer.
    /// </summary>
    private static QueryParameterProblem? UnboundParameter(HttpContext context, BadHttpRequestException bad)
    {
        if (BindFailure().Match(bad.Message) is not { Success: true } match)
            return null;
        var name = match.Groups["name"].Value;
        // The exception handler runs after the endpoint was cleared from the context; the feature keeps it.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var family = endpoint?.Metadata.GetMetadata<QueryParameterFamily>() ?? new QueryParameterFamily("input");
        var type = endpoint?.Metadata.GetMetadata<MethodInfo>()?.GetParameters().FirstOrDefault(p => p.Name == name)?.ParameterType;
        var (form, formZh) = ExpectedForm(type is null ? null : Nullable.GetUnderlyingType(type) ?? type);
        return new QueryParameterProblem(family.InvalidCode, name, $"{name} is not {form}.", $"{name} 不是{formZh}。");
    }

    // The member a JSON pointer ends on: /grantee/roles names roles.
    private static string LastMember(string pointer) => pointer[(pointer.LastIndexOf('/') + 1)..];

    private static (string English, string Chinese) ExpectedForm(Type? type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => ("a whole number", "整数"),
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) =>
            ("a date and time with its offset, as 2026-12-01T08:00:00+08:00", "带时区偏移的日期时间（如 2026-12-01T08:00:00+08:00）"),
        _ when type == typeof(DateOnly) => ("a date, as 2026-12-01", "日期（如 2026-12-01）"),
        _ when type == typeof(bool) => ("true or false", "true 或 false"),
        _ when type == typeof(Guid) => ("an id of the form 3f2504e0-4f89-41d3-9a0c-0305e82c3301", "形如 3f2504e0-4f89-41d3-9a0c-0305e82c3301 的标识"),
        _ => ("of the form this endpoint takes (see /reference)", "此接口接受的格式（见 /reference）"),
    };

    private const string UnmappedMemberMessage = "could not be mapped to any .NET member";

    private const string WrongTypeMessage = "The JSON value could not be converted to ";

    private static Problem? UnreadableJson(BadHttpRequestException bad)
    {
        if (bad.InnerException is not JsonException json)
            return null;
        // System.Text.Json reports bytes that are not UTF-8 as an invalid operation beneath the JSON error.
        // Only that one: a value of another token type (an array for a string) is an invalid operation beneath it too.
        if (json.InnerException is System.Text.DecoderFallbackException or InvalidOperationException { InnerException: System.Text.DecoderFallbackException })
            return new Problem("", ProblemCodes.InputEncoding, "The body is not valid UTF-8.", "请求体不是有效的 UTF-8 编码。");
        var pointer = json.Path is { Length: > 1 } path ? "/" + path.TrimStart('$', '.').Replace('.', '/') : "";
        // The serializer says so only in its message (never localised on .NET); missed, it stays input.not-json with its pointer.
        if (json.Message.Contains(UnmappedMemberMessage, StringComparison.Ordinal) && pointer.Length > 0)
        {
            var member = LastMember(pointer);
            return new Problem(pointer, ProblemCodes.InputUnknownMember,
                $"This endpoint does not take the member {member}; check its spelling against the API reference (/reference).",
                $"此接口不接受成员 {member}；请对照接口说明（/reference）检查拼写。");
        }
        // Valid JSON whose member holds another type than the endpoint takes there (a string for an object, say).
        if (json.Message.StartsWith(WrongTypeMessage, StringComparison.Ordinal) && pointer.Length > 0)
        {
            var member = LastMember(pointer);
            return new Problem(pointer, ProblemCodes.InputWrongType,
                $"The member {member} does not hold the type this endpoint takes there; check it against the API reference (/reference).",
                $"成员 {member} 的类型与此接口要求不符；请对照接口说明（/reference）检查。");
        }
        var line = ((json.LineNumber ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        var position = ((json.BytePositionInLine ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        return new Problem(pointer, ProblemCodes.InputNotJson,
            $"The body is not JSON this endpoint can read (line {line}, byte {position}).",
            $"请求体不是此接口可读取的 JSON（第 {line} 行，第 {position} 字节）。");
    }
}
