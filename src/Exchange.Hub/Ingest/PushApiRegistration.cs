using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Adapters.Ingest;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Exchange.Hub.Ingest;

/// <summary>
/// The push API's own services, and the one rule that joins two parts: the write policy reads
/// each university's institution from the ingest settings and who holds a subject's graduate
/// record from the ingest registry.
/// </summary>
internal static class PushApiRegistration
{
    public static void AddPushApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(sp => new WritePolicy(
            org => sp.GetRequiredService<IOptions<IngestOptions>>().Value.Institutions.GetValueOrDefault(org),
            sp.GetRequiredService<DuplicateRegistry>().HoldsGraduateAsync,
            async (org, recordId, ct) => (await sp.GetRequiredService<ConsentStore>().FindAsync(org, recordId, ct))?.Status));
        services.AddSingleton<PushRequestReader>();
        services.AddSingleton<ConsentIntake>();
        services.AddSingleton<WriteRefusalAudit>();
        services.AddSingleton(sp => new IdempotentAnswers(sp.GetRequiredService<NpgsqlDataSource>()));
    }
}
