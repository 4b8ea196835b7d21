using Microsoft.AspNetCore.Authentication;

namespace Exchange.Hub.Authentication;

/// <summary>The HTTP side of access: bearer tokens through the access layer's validator, and the endpoints' policies.</summary>
internal static class HubAuthentication
{
    public static void AddHubAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(ClientPrincipal.Scheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(ClientPrincipal.Scheme, null);
        builder.Services.AddAuthorizationBuilder().AddAccessPolicies();
    }
}
