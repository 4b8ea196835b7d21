using Exchange.Access.Agreements;
using Exchange.Access.Audit;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Exchange.Access.Tokens;
using Exchange.Core.Pseudonymisation;
using Exchange.Core.Validation;
using Exchange.Hub.Database;
using Exchange.Hub.Secrets;
using Exchange.Hub.Settings;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.Authentication;

/// <summary>Wires the access layer: tokens, clients, agreements, consent, the decision point and the audit log.</summary>
internal static class AccessRegistration
{
    public static void AddAccess(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddValidatedOptions<TokenValidationOptions>(TokenValidationOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<List<ClientRegistration>>(ClientRegistration.SectionName,
            clients => ClientSettings.Problems(clients, configuration.GetSection(TokenValidationOptions.SectionName).Get<TokenValidationOptions>()));
        services.AddSingleton<IClientRegistry>(sp => InMemoryClientRegistry.FromRegistrations(sp.GetRequiredService<IOptions<List<ClientRegistration>>>().Value));
        services.AddSingleton<ITokenValidator>(sp => new JwtTokenValidator(
            sp.GetRequiredService<IOptions<TokenValidationOptions>>().Value,
            sp.GetRequiredService<IClientRegistry>(),
            sp.GetRequiredService<ILoggerFactory>()));

        // Generated secrets live beside the embedded database's folder, in the hub's own data folder.
        var dataDirectory = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.DataDirectory ?? new DatabaseOptions().DataDirectory;
        var external = !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Exchange"));
        services.AddValidatedOptions<SecretsOptions>(HubSecrets.Section, o => o.Problems(required: external));
        services.AddSingleton(sp => HubSecrets.Load(sp.GetRequiredService<IOptions<SecretsOptions>>().Value,
            Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataDirectory))!, "secrets")));
        services.AddSingleton(sp => new LinkageKeys(sp.GetRequiredService<HubSecrets>().Pseudonymisation));
        services.AddSingleton(sp => new SubjectHandles(sp.GetRequiredService<HubSecrets>().Handles));

        services.AddSingleton<IAuditLog>(sp => new PostgresAuditLog(sp.GetRequiredService<HubDatabase>().DataSource));
        services.AddSingleton(sp => new AuditQuery(sp.GetRequiredService<HubDatabase>().DataSource));
        services.AddSingleton(sp => new AgreementStore(sp.GetRequiredService<HubDatabase>().DataSource, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ConsentStore(sp.GetRequiredService<HubDatabase>().DataSource, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ReleaseService(sp.GetRequiredService<PolicySnapshotCache>(), sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<SubjectHandles>()));
        services.AddSingleton(sp => new PolicySnapshotCache(
            sp.GetRequiredService<AgreementStore>(), sp.GetRequiredService<ConsentStore>(), sp.GetRequiredService<SubjectHandles>()));
        services.AddSingleton(sp => new Exchange.Index.Queries.SubjectRecordReader(sp.GetRequiredService<HubDatabase>().DataSource));
        services.AddSingleton(sp => RecordValidator.CreateShippedAsync(CancellationToken.None).GetAwaiter().GetResult());

        services.AddHostedService<PolicyChangeListener>();

        services.AddAuthentication(ClientPrincipal.Scheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(ClientPrincipal.Scheme, null);
        services.AddAuthorizationBuilder().AddAccessPolicies();
    }
}
