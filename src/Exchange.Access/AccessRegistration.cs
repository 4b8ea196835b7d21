using Exchange.Access.Agreements;
using Exchange.Access.Audit;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Exchange.Access.Tokens;
using Exchange.Core.Hosting;
using Exchange.Core.Pseudonymisation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Exchange.Access;

/// <summary>
/// Registers the access layer: trusted issuers and registered clients (checked on start), the
/// token validator, agreements, consents, the policy decision point and its cache (kept fresh
/// across instances), the audit log, candidate handles, the release service, and the consent
/// projection that alone writes the consent store from the log. Needs the host's
/// <see cref="NpgsqlDataSource"/>, <see cref="Exchange.Log.IEventLog"/>, <see cref="DeploymentSecrets"/> and <see cref="TimeProvider"/>.
/// </summary>
public static class AccessRegistration
{
    public static IHostApplicationBuilder AddAccess(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // Issuers before clients: a client's issuer is checked against them, so a missing issuer is named first.
        services.AddValidatedOptions<TokenValidationOptions>(TokenValidationOptions.SectionName, o => o.Validate());
        builder.AddRelease();
        services.AddSingleton<ITokenValidator>(sp => new JwtTokenValidator(
            sp.GetRequiredService<IOptions<TokenValidationOptions>>().Value,
            sp.GetRequiredService<IClientRegistry>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService<PolicyChangeListener>();
        services.AddSingleton<ConsentProjection>();
        services.AddHostedService(sp => sp.GetRequiredService<ConsentProjection>());
        return builder;
    }

    /// <summary>
    /// The read side alone: registered clients, agreements, consents, the policy decision point's
    /// cache, the audit log and the release service — without tokens, the consent projection or
    /// the listener that keeps the cache fresh. For a command that releases one answer and exits
    /// (<c>exchange report</c>), beside a hub that keeps projecting the log.
    /// </summary>
    public static IHostApplicationBuilder AddRelease(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddValidatedOptions<List<ClientRegistration>>(ClientRegistration.SectionName,
            clients => ClientSettings.Problems(clients, configuration.GetSection(TokenValidationOptions.SectionName).Get<TokenValidationOptions>()));
        services.AddSingleton<IClientRegistry>(sp => InMemoryClientRegistry.FromRegistrations(sp.GetRequiredService<IOptions<List<ClientRegistration>>>().Value));
        services.AddSingleton(sp => new SubjectHandles(sp.GetRequiredService<DeploymentSecrets>().Handles));
        services.AddSingleton<IAuditLog>(sp => new GroupCommitAuditLog(new PostgresAuditLog(sp.GetRequiredService<NpgsqlDataSource>())));
        services.AddSingleton(sp => new AuditQuery(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton(sp => new AgreementStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ConsentStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new PolicySnapshotCache(
            sp.GetRequiredService<AgreementStore>(), sp.GetRequiredService<ConsentStore>(), sp.GetRequiredService<SubjectHandles>()));
        services.AddSingleton<ReleaseTelemetry>();
        services.AddSingleton<IHandleDirectory>(sp => new PostgresHandleDirectory(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton(sp => new ReleaseHistory(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton(sp => new ReleaseService(sp.GetRequiredService<PolicySnapshotCache>(), sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<SubjectHandles>(),
            sp.GetRequiredService<IHandleDirectory>(), sp.GetRequiredService<ReleaseTelemetry>(), sp.GetRequiredService<ReleaseHistory>()));
        return builder;
    }
}
