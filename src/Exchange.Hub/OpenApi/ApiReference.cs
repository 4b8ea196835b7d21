using Scalar.AspNetCore;

namespace Exchange.Hub.OpenApi;

/// <summary>
/// The API reference for people at <c>/reference</c>: Scalar's page over the hub's OpenAPI
/// document, with a try-it client. Everything it loads comes from the hub itself — the script is
/// embedded in the Scalar package and served from here, no web fonts, no telemetry, no AI agent,
/// no request proxy — so the page works on a network that reaches nothing else, and tells no
/// third party who reads it.
/// </summary>
internal static class ApiReference
{
    public const string Path = "/reference";

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapScalarApiReference(Path, options =>
        {
            options.WithTitle("Graduate Employment Data Exchange API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableAgent()
                .DisableMcp()
                .AddPreferredSecuritySchemes([BearerSecurityTransformer.SchemeName]);
            options.Telemetry = false;
            // Empty, not unset: Scalar's client keeps its own proxy (proxy.scalar.com) as a default in
            // places, and a call tried through it would carry its bearer token there.
            options.ProxyUrl = "";
        })
        .AllowAnonymous()
        .DisableRateLimiting();
        return endpoints;
    }
}
