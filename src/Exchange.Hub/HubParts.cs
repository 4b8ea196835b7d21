using Exchange.Access;
using Exchange.Adapters;
using Exchange.Core.Hosting;
using Exchange.Core.Pseudonymisation;
using Exchange.Index;
using Exchange.Log;
using Exchange.Log.Embedded;
using Exchange.Postgres;
using Exchange.Reporting;

namespace Exchange.Hub;

/// <summary>
/// How the hub and the commands compose the parts: the database with the schemas they use, the
/// deployment's secrets, and each part's own registration. The hub and the CLI hold no other
/// wiring of the parts.
/// </summary>
public static class HubParts
{
    /// <summary>The hub's own schema: stored idempotent answers.</summary>
    public static PartSchema HubSchema { get; } = new("hub", typeof(HubParts).Assembly);

    /// <summary>Every schema of the hub's database, in migration order.</summary>
    public static IReadOnlyList<PartSchema> Schemas { get; } = [IndexSchema.Part, AccessSchema.Part, EmbeddedEventLog.Part, IngestSchema.Part, ReportingSchema.Part, HubSchema];

    /// <summary>
    /// A logger factory for what happens before the host exists (the embedded server's start), with
    /// the host's logging settings and the same redaction. It lives as long as the process: the
    /// embedded server logs through it until it stops.
    /// </summary>
    public static ILoggerFactory StartupLogging(IConfiguration configuration) => LoggerFactory.Create(logging =>
    {
        logging.AddConfiguration(configuration.GetSection("Logging"));
        // Standard error: a command that prints a table or JSON keeps its standard output clean.
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.Services.RedactLogs();
    });

    /// <summary>
    /// The database (every schema) and the deployment's secrets: generated beside the embedded
    /// server's data folder, required with an external database. A command that only reads
    /// passes <paramref name="joinRunningEmbeddedServer"/>, so that it works beside a running hub.
    /// </summary>
    public static async Task<ExchangeDatabase> AddDatabaseAndSecretsAsync(this IHostApplicationBuilder builder, CancellationToken cancellationToken,
        bool joinRunningEmbeddedServer = false)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        var database = await builder.AddDatabaseAsync(Schemas, StartupLogging(builder.Configuration), cancellationToken, joinRunningEmbeddedServer);
        var dataDirectory = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.DataDirectory ?? new DatabaseOptions().DataDirectory;
        builder.AddDeploymentSecrets(required: builder.Configuration.UsesExternalDatabase(),
            generatedFolder: Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataDirectory))!, "secrets"));
        return database;
    }

    /// <summary>Everything but HTTP: database, secrets, event log, access, ingest (with or without pull adapters), index and reports.</summary>
    public static async Task AddPartsAsync(this IHostApplicationBuilder builder, bool pullAdapters, CancellationToken cancellationToken)
    {
        await builder.AddDatabaseAndSecretsAsync(cancellationToken);
        builder.AddEventLog();
        builder.AddAccess();
        builder.AddIngest(pullAdapters);
        builder.AddIndex();
        builder.AddReports();
    }
}
