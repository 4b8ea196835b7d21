using Exchange.Access.Audit;
using Exchange.Access.Consent;
using Exchange.Access.Requests;
using Exchange.Hub.Ingest;
using Exchange.Log;
using Exchange.Access.Decisions;
using Exchange.Access.Enforcement;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Exchange.Hub.Ui.Graduates;

/// <summary>What a graduate's pages need beside the parts the hub composes.</summary>
public static class GraduatePagesRegistration
{
    public static void AddGraduatePages(this IServiceCollection services)
    {
        // The match endpoints register it too; whichever comes first serves both.
        services.TryAddSingleton(sp => new SubjectOwnAccess(sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<SubjectHandles>(),
            sp.GetRequiredService<ReleaseTelemetry>()));
        services.AddSingleton(sp => new SubjectRequestStore(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<GraduateRequests>();
        services.AddSingleton(sp => new GraduateConsents(sp.GetRequiredService<ConsentStore>(), sp.GetRequiredService<WritePolicy>(),
            sp.GetRequiredService<ConsentIntake>(), sp.GetRequiredService<ConsentProjection>(), sp.GetRequiredService<IEventLog>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Exchange.Core.Validation.RecordValidator>()));
        services.AddSingleton(sp => new GraduateJobs(sp.GetRequiredService<Exchange.Hub.Matching.MatchService>()));
    }
}
