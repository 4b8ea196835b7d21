using Exchange.Access.Clients;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Exchange.Hub.Ui.SignIn;

/// <summary>
/// The pages' session: a cookie holding the same client principal a bearer token gives the API
/// (client, organisation, role, scopes), opened by the organisation's OpenID Connect provider or,
/// in development mode, by the development sign-in.
/// </summary>
public static class UiAuthentication
{
    public const string SessionScheme = "UiSession";
    public const string OpenIdConnectScheme = "UiOpenIdConnect";

    /// <summary>The steward API's own requirement (role steward, scope consent:manage), met by the session.</summary>
    public const string StewardPolicy = "ui-steward";

    /// <summary>The audit API's own requirement (role steward, scope audit:read), met by the session.</summary>
    public const string AuditReaderPolicy = "ui-audit-reader";

    /// <summary>The reports' requirement: role steward or bureau, scope reports:read, met by the session.</summary>
    public const string ReportsReaderPolicy = "ui-reports-reader";

    public const string SessionCookie = "exchange-ui-session";

    public static void AddUiAuthentication(this WebApplicationBuilder builder, UiOptions options)
    {
        // The default scheme stays the bearer token: only the pages' policy names the session.
        var authentication = builder.Services.AddAuthentication().AddCookie(SessionScheme, cookie =>
        {
            cookie.Cookie.Name = SessionCookie;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            // Lax, not Strict: the provider's redirect back to the pages is a cross-site navigation.
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.Path = UiPaths.Root;
            cookie.LoginPath = UiPaths.SignIn;
            cookie.AccessDeniedPath = UiPaths.Forbidden;
            cookie.ReturnUrlParameter = "return";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.EventsType = typeof(UiSessionEvents);
        });
        builder.Services.AddScoped<UiSessionEvents>();
        if (options.OpenIdConnect.IsEnabled)
            authentication.AddOpenIdConnect(OpenIdConnectScheme, oidc => OpenIdConnectSignIn.Configure(oidc, options.OpenIdConnect));

        builder.Services.AddAuthorizationBuilder().AddPolicy(StewardPolicy, policy => policy
            .AddAuthenticationSchemes(SessionScheme)
            .RequireAuthenticatedUser()
            .RequireRole(PartyRole.Steward.Name())
            .RequireClaim("scope", Scopes.ConsentManage)
            .RequireAssertion(context => GraduateSession.SubjectKeyOf(context.User) is null))
            .AddPolicy(AuditReaderPolicy, policy => policy
                .AddAuthenticationSchemes(SessionScheme)
                .RequireAuthenticatedUser()
                .RequireRole(PartyRole.Steward.Name())
                .RequireClaim("scope", Scopes.AuditRead)
                .RequireAssertion(context => GraduateSession.SubjectKeyOf(context.User) is null))
            .AddPolicy(ReportsReaderPolicy, policy => policy
                .AddAuthenticationSchemes(SessionScheme)
                .RequireAuthenticatedUser()
                .RequireRole(PartyRole.Steward.Name(), PartyRole.Bureau.Name())
                .RequireClaim("scope", Scopes.ReportsRead)
                .RequireAssertion(context => GraduateSession.SubjectKeyOf(context.User) is null))
            .AddPolicy(GraduateSession.Policy, policy => policy
                .AddAuthenticationSchemes(SessionScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(GraduateSession.SubjectClaim));
    }
}
