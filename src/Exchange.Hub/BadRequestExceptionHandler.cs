using Exchange.Core.Validation;
using Microsoft.AspNetCore.Diagnostics;

namespace Exchange.Hub;

/// <summary>
/// The server's own refusals of a request — a body over its size limit, broken chunked
/// encoding, a client that stopped sending — are the client's fault and are answered with their
/// own status as problem details, never as a 500.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || context.Response.HasStarted)
            return false;

        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Body too large" : "Bad request",
                Detail = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The body is larger than the server accepts; split larger batches."
                    : "The request could not be read: " + bad.Message,
                Type = ProblemTypes.For(bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "too-large" : "bad-request"),
            },
        });
    }
}
