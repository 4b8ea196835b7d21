using System.Security.Claims;
using Exchange.Access.Audit;
using Exchange.Access.Clients;
using Exchange.Access.Tokens;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Exchange.Hub.Ui.SignIn;

/// <summary>
/// Sign-in through the organisation's identity provider: the code flow with PKCE, whose result is
/// mapped to the registered client the pages are at that issuer — its organisation and role from
/// <c>Exchange:Clients</c>, its scopes those the provider granted that the client is registered for.
/// </summary>
public static class OpenIdConnectSignIn
{
    public const string CallbackPath = "/ui/signin-oidc";

    /// <summary>The claim holding the signed-in person's name (or subject), shown beside the client.</summary>
    public const string PersonClaim = "person";

    /// <summary>The rule audited when the provider's answer names no registered client.</summary>
    public const string NotRegistered = "session.client-unknown";

    public static void Configure(OpenIdConnectOptions oidc, UiOpenIdConnectOptions settings)
    {
        oidc.Authority = settings.Authority;
        oidc.RequireHttpsMetadata = new Uri(settings.Authority).Scheme == Uri.UriSchemeHttps;
        oidc.ClientId = settings.ClientId;
        oidc.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;
        oidc.ResponseType = "code";
        oidc.UsePkce = true;
        // A plain redirect back (query), not a cross-site form post: the session cookie is SameSite=Lax.
        oidc.ResponseMode = "query";
        oidc.CallbackPath = CallbackPath;
        oidc.SignedOutCallbackPath = "/ui/signout-callback-oidc";
        oidc.SignInScheme = UiAuthentication.SessionScheme;
        oidc.MapInboundClaims = false;
        oidc.SaveTokens = false;
        oidc.GetClaimsFromUserInfoEndpoint = false;
        oidc.Scope.Clear();
        oidc.Scope.Add("openid");
        foreach (var scope in settings.Scopes)
            oidc.Scope.Add(scope);
        oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
        oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.Always;
        oidc.Events.OnTokenValidated = context => MapToClientAsync(context, settings);
        oidc.Events.OnRemoteFailure = context =>
        {
            context.Response.Redirect($"{UiPaths.SignIn}?failed=1");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    private static async Task MapToClientAsync(TokenValidatedContext context, UiOpenIdConnectOptions settings)
    {
        var services = context.HttpContext.RequestServices;
        var issuer = context.Principal?.FindFirst("iss")?.Value ?? "";
        var client = await services.GetRequiredService<IClientRegistry>().FindAsync(issuer, settings.ClientId, context.HttpContext.RequestAborted);
        if (client is null)
        {
            await services.GetRequiredService<IAuditLog>().AppendAsync(new AuditRecord(services.GetRequiredService<TimeProvider>().GetUtcNow(),
                settings.ClientId, "", "", "", AuditedRequest.Action(context.HttpContext), [], "deny", NotRegistered), context.HttpContext.RequestAborted);
            context.Fail(NotRegistered);
            return;
        }

        var person = context.Principal?.FindFirst("name")?.Value ?? context.Principal?.FindFirst("sub")?.Value;
        if (settings.ResidentIdClaim.Length > 0 && GraduateSession.MayVouchForGraduates(client)
            && context.Principal?.FindFirst(settings.ResidentIdClaim)?.Value is { } residentId)
        {
            // Pseudonymised here, as at the ingest door: the session, the audit and the logs only ever see the key.
            var subjectKey = services.GetRequiredService<Pseudonymiser>().SubjectKeyOf(residentId);
            if (subjectKey is null)
            {
                await services.GetRequiredService<IAuditLog>().AppendAsync(new AuditRecord(services.GetRequiredService<TimeProvider>().GetUtcNow(),
                    client.ClientId, client.Organisation, "", "", AuditedRequest.Action(context.HttpContext), [], "deny", GraduateSession.ResidentIdInvalid),
                    context.HttpContext.RequestAborted);
                context.Fail(GraduateSession.ResidentIdInvalid);
                return;
            }
            context.Principal = GraduateSession.Create(client, subjectKey, person);
            return;
        }

        // A token response without "scope" granted what was asked (RFC 6749 §5.1).
        var granted = context.TokenEndpointResponse?.Scope is { Length: > 0 } answered
            ? answered.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : [.. settings.Scopes];
        var principal = ClientPrincipal.Create(new ClientIdentity(client.ClientId, client.Organisation, client.Role,
            granted.Where(client.AllowedScopes.Contains).ToHashSet(StringComparer.Ordinal)));
        if (person is not null)
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(PersonClaim, person));
        context.Principal = principal;
    }
}
