using Exchange.Access.Clients;
using Exchange.Core.Model;
using Exchange.Hub.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Exchange.Hub.OpenApi;

/// <summary>
/// Declares in the OpenAPI document how calls authenticate — an HTTP bearer JWT — and, on each
/// operation, which scopes its caller needs (OpenAPI 3.1 lets a non-OAuth scheme list them), so a
/// client generator or a person reading the document knows what to ask the issuer for.
/// Anonymous operations carry no requirement.
/// </summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An access token (JWT) from a trusted issuer for a registered client; its scopes are intersected with the client's registered scopes. See docs/access.md.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
            return Task.CompletedTask;

        var scopes = metadata.OfType<IAuthorizeData>().SelectMany(a => ScopesOf(a.Policy)).Distinct(StringComparer.Ordinal).ToList();
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = scopes });
        operation.Description = string.IsNullOrEmpty(operation.Description)
            ? $"Requires {Describe(metadata.OfType<IAuthorizeData>().Select(a => a.Policy))}."
            : operation.Description;
        return Task.CompletedTask;
    }

    // The scopes behind each authorisation policy the endpoints name (see AccessPolicies).
    private static IEnumerable<string> ScopesOf(string? policy) => policy switch
    {
        AccessPolicies.Steward => [Scopes.ConsentManage],
        AccessPolicies.AuditReader => [Scopes.AuditRead],
        AccessPolicies.IndexReader => [Scopes.IndexRead],
        AccessPolicies.ReportsReader => [Scopes.ReportsRead],
        AccessPolicies.RecordsWriter => RecordKinds.All.Select(Scopes.RecordsWrite),
        _ => [],
    };

    private static string Describe(IEnumerable<string?> policies) => string.Join("; ", policies.Select(p => p switch
    {
        AccessPolicies.Steward => "a steward client with scope consent:manage",
        AccessPolicies.AuditReader => "a steward client with scope audit:read",
        AccessPolicies.IndexReader => "scope index:read",
        AccessPolicies.ReportsReader => "scope reports:read",
        AccessPolicies.RecordsWriter => "scope records:write:{kind} for the kind in the path",
        _ => "an authenticated client",
    }));
}
