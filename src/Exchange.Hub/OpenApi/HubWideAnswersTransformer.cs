using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Exchange.Hub.OpenApi;

/// <summary>
/// Declares on each operation the answers the hub gives before or around its handler, which no
/// handler's signature shows: 401 and 403 where a token is required, 429 where the per-client rate
/// limit applies and 503 when the database or the event log is out. A client generated from the
/// document then knows every status it can meet (the authorisation matrix holds the document to
/// what the hub answers).
/// </summary>
internal sealed class HubWideAnswersTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var exemptFromRateLimit = metadata.OfType<DisableRateLimitingAttribute>().Any();
        var protectedByToken = !metadata.OfType<IAllowAnonymous>().Any() && metadata.OfType<IAuthorizeData>().Any();
        if (exemptFromRateLimit && !protectedByToken)
            return;

        var problem = await ProblemSchemaAsync(context, cancellationToken);
        operation.Responses ??= [];
        if (protectedByToken)
        {
            Declare(operation, problem, StatusCodes.Status401Unauthorized, "No valid bearer token (problem type unauthenticated); WWW-Authenticate says why");
            Declare(operation, problem, StatusCodes.Status403Forbidden, "The client's role or scopes do not allow this call (problem type forbidden)");
        }
        if (!exemptFromRateLimit)
        {
            Declare(operation, problem, StatusCodes.Status429TooManyRequests, "The client's request budget is spent (problem type rate-limited); Retry-After says when to call again");
            Declare(operation, problem, StatusCodes.Status503ServiceUnavailable,
                "The database or the event log is unavailable (database.unavailable, log.unavailable); Retry-After says when to call again");
        }
    }

    private static void Declare(OpenApiOperation operation, IOpenApiSchema problem, int status, string description) =>
        operation.Responses!.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
        });

    private const string ProblemSchemaId = nameof(ProblemDetails);

    // Every problem the hub writes is problem details; the document's one schema of it is referred to, not copied into each answer.
    private static async Task<IOpenApiSchema> ProblemSchemaAsync(OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Document is not { } document)
            return await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken);
        if (document.Components?.Schemas?.ContainsKey(ProblemSchemaId) != true)
            document.AddComponent(ProblemSchemaId, await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken));
        return new OpenApiSchemaReference(ProblemSchemaId, document);
    }
}
