using Exchange.Access.Decisions;
using Exchange.Adapters.Formats.Csv;
using Exchange.Adapters.Ingest;
using Exchange.Core.Pseudonymisation;
using Exchange.Core.Validation;
using Exchange.Hub.Database;
using Exchange.Hub.Settings;
using Exchange.Log;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.Ingest;

internal static class IngestRegistration
{
    public static void AddIngest(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<IngestOptions>(IngestOptions.Section, IngestSettings.Problems);
        services.AddSingleton(sp => new WritePolicy(
            org => sp.GetRequiredService<IOptions<IngestOptions>>().Value.Institutions.GetValueOrDefault(org),
            sp.GetRequiredService<DuplicateRegistry>().HoldsGraduateAsync));
        services.AddSingleton(sp => new CsvRecordReader(MappingProfileCatalog.Load(sp.GetRequiredService<IOptions<IngestOptions>>().Value.ProfilesDirectory)));
        services.AddSingleton<PushRequestReader>();
        services.AddSingleton<ConsentIntake>();
        services.AddSingleton<WriteRefusalAudit>();

        services.AddValidatedOptions<PullOptions>(PullOptions.Section, PullSettings.Problems);
        services.AddHttpClient();
        services.AddHostedService<PullAdapterHost>();
        services.AddSingleton(sp => new IdempotentAnswers(sp.GetRequiredService<HubDatabase>().DataSource));
        services.AddSingleton(sp => new DuplicateRegistry(sp.GetRequiredService<HubDatabase>().DataSource));
        services.AddSingleton(sp => new Pseudonymiser(sp.GetRequiredService<LinkageKeys>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new IngestPipeline(
            sp.GetRequiredService<RecordValidator>(), sp.GetRequiredService<Pseudonymiser>(), sp.GetRequiredService<IEventLog>(),
            sp.GetRequiredService<DuplicateRegistry>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Exchange.Adapters.Ingest")));
    }
}
