using Exchange.Adapters.Formats.Csv;
using Exchange.Adapters.Ingest;
using Exchange.Adapters.Pull;
using Exchange.Core.Hosting;
using Exchange.Core.Pseudonymisation;
using Exchange.Core.Validation;
using Exchange.Log;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Exchange.Adapters;

/// <summary>
/// Registers the ingest path: the validator, the pseudonymiser, the duplicate registry, the
/// pipeline, the CSV reader with its mapping profiles, and the configured pull adapters, each
/// polling in its own loop. Settings of <c>Exchange:Ingest</c> and <c>Exchange:Pull</c> are checked
/// on start. Needs the host's <see cref="NpgsqlDataSource"/>, <see cref="IEventLog"/>,
/// <see cref="LinkageKeys"/> and <see cref="TimeProvider"/>.
/// </summary>
public static class IngestRegistration
{
    /// <param name="builder">The host being built.</param>
    /// <param name="pullAdapters">Run the configured pull adapters (a hub does; a one-off import does not).</param>
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder, bool pullAdapters = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddValidatedOptions<IngestOptions>(IngestOptions.Section, IngestSettings.Problems);
        services.AddSingleton(sp => RecordValidator.CreateShippedAsync(CancellationToken.None).GetAwaiter().GetResult());
        services.AddSingleton(sp => new CsvRecordReader(MappingProfileCatalog.Load(sp.GetRequiredService<IOptions<IngestOptions>>().Value.ProfilesDirectory)));
        services.AddSingleton(sp => new DuplicateRegistry(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton(sp => new Pseudonymiser(sp.GetRequiredService<LinkageKeys>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IngestTelemetry>();
        services.AddSingleton(sp => new IngestPipeline(
            sp.GetRequiredService<RecordValidator>(), sp.GetRequiredService<Pseudonymiser>(), sp.GetRequiredService<IEventLog>(),
            sp.GetRequiredService<DuplicateRegistry>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Exchange.Adapters.Ingest"),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IngestTelemetry>()));

        services.AddValidatedOptions<PullOptions>(PullOptions.Section, PullSettings.Problems);
        if (pullAdapters)
        {
            services.AddHttpClient();
            services.AddSingleton<PullTelemetry>();
            services.AddHostedService<PullAdapterHost>();
        }
        return builder;
    }
}
