using Exchange.Access.Tokens;
using Exchange.Core.Hosting;
using Exchange.Hub.Authentication;
using Microsoft.AspNetCore.Authentication;
using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Graduates;
using Exchange.Hub.Ui.Consents;
using Exchange.Hub.Ui.Language;
using Exchange.Hub.Ui.SignIn;
using Exchange.Reporting.Statistics;
using Exchange.Reporting.Writers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Exchange.Hub.Ui;

/// <summary>
/// The web pages under <c>/ui</c>: Razor Pages rendered on the server, one stylesheet, no script,
/// a cookie session beside the API's bearer tokens, and anti-forgery on every form.
/// </summary>
public static class UiRegistration
{
    public static void AddHubUi(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(UiOptions.Section).Get<UiOptions>() ?? new UiOptions();
        var trustedIssuers = (builder.Configuration.GetSection(TokenValidationOptions.SectionName).Get<TokenValidationOptions>()?.Issuers ?? [])
            .Select(i => i.Issuer).ToHashSet(StringComparer.Ordinal);
        var developmentMode = builder.Environment.IsDevelopment();
        builder.Services.AddValidatedOptions<UiOptions>(UiOptions.Section, o => o.Problems(developmentMode, trustedIssuers));

        builder.AddUiAuthentication(options);
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "exchange-ui-antiforgery";
            // Secure whenever the page came over https. The antiforgery system refuses to run at
            // all with Always on plain http, which the embedded demo on 127.0.0.1 speaks; its cookie
            // guards forms, not the session, which is always Secure.
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.Cookie.Path = UiPaths.Root;
            antiforgery.FormFieldName = "__antiforgery";
        });
        // The pages are in Chinese, and names may be in any of China's scripts: the default encoder
        // would write each such character as a numeric entity (&#x767B; for 登), near three times its UTF-8 bytes.
        // Markup's own characters are escaped all the same; links keep the URL encoder's defaults.
        builder.Services.Replace(ServiceDescriptor.Singleton(HtmlEncoder.Create(UnicodeRanges.All)));
        builder.Services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/Ui/Pages";
            pages.Conventions.AuthorizeFolder("/Agreements", UiAuthentication.StewardPolicy);
            pages.Conventions.AuthorizeFolder("/Me", GraduateSession.Policy);
            pages.Conventions.AuthorizeFolder("/Requests", UiAuthentication.StewardPolicy);
            pages.Conventions.AuthorizeFolder("/Consents", UiAuthentication.StewardPolicy);
            pages.Conventions.AuthorizeFolder("/Reviews", UiAuthentication.StewardPolicy);
            pages.Conventions.AuthorizeFolder("/Audit", UiAuthentication.AuditReaderPolicy);
            pages.Conventions.AuthorizeFolder("/Reports", UiAuthentication.ReportsReaderPolicy);
        })
        // The hub's pages are compiled into this assembly, while the process's entry assembly is
        // the command line's (or a test's): name it, or the pages are never found.
        .AddApplicationPart(typeof(UiRegistration).Assembly);
        builder.Services.AddSingleton<AgreementWrites>();
        builder.Services.AddGraduatePages();
        builder.Services.AddSingleton(sp => new ConsentWrites(sp.GetRequiredService<Exchange.Hub.Ingest.ConsentIntake>(),
            sp.GetRequiredService<Exchange.Access.Consent.ConsentStore>()));
        // The reports part may register these itself; the pages need them either way.
        builder.Services.TryAddSingleton<ReportService>();
        builder.Services.TryAddSingleton<HtmlReportWriter>();
        builder.Services.TryAddSingleton<CsvReportWriter>();
        builder.Services.TryAddSingleton<JsonReportWriter>();
    }

    public static void MapHubUi(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(UiPaths.Root), ui => ui.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            // Everything the pages load comes from the hub itself; forms may also lead to the provider.
            var provider = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<UiOptions>>().Value.OpenIdConnect;
            var formAction = provider.IsEnabled ? $"'self' {new Uri(provider.Authority).GetLeftPart(UriPartial.Authority)}" : "'self'";
            headers.ContentSecurityPolicy = $"default-src 'none'; style-src 'self'; img-src 'self'; form-action {formAction}; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";

            // Every page knows its reader, also those anyone may open (the sign-in, the 403 page):
            // the header offers to sign out, and a form's anti-forgery token, bound to the reader
            // it was made for, must find the same reader when it comes back.
            if (context.User.GetClient() is null)
            {
                var session = await context.AuthenticateAsync(UiAuthentication.SessionScheme);
                if (session.Succeeded)
                    context.User = session.Principal;
            }
            await next();
        }));

        var ui = app.MapGroup(UiPaths.Root).ExcludeFromDescription();
        ui.MapGet("/ui.css", UiStylesheet.Serve).AllowAnonymous();
        ui.MapLanguageSwitch();
        app.MapRazorPages();
    }
}
