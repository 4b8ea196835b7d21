using Exchange.Postgres.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Exchange.Postgres;

/// <summary>Registers the database a host's parts share.</summary>
public static class DatabaseRegistration
{
    /// <summary>The connection string name: <c>ConnectionStrings:Exchange</c>.</summary>
    public const string ConnectionStringName = "Exchange";

    /// <summary>
    /// <c>ConnectionStrings:ExchangeMigration</c>: an administrator's or the owner's connection,
    /// with which migrations make the roles, run as <see cref="DatabaseRoles.Owner"/> and grant
    /// <see cref="DatabaseRoles.Runtime"/>; the hub's own connection then names the runtime role.
    /// </summary>
    public const string MigrationConnectionStringName = "ExchangeMigration";

    /// <summary>
    /// Opens the database before the host is built — starting the embedded server when
    /// <c>ConnectionStrings:Exchange</c> is not set, migrating the parts' schemas when
    /// <c>Exchange:Postgres:MigrateOnStart</c> says so (by default only the embedded one) — and
    /// registers it, with its one <see cref="Npgsql.NpgsqlDataSource"/>, for the parts to share.
    /// Disposing the host closes the pool and stops the embedded server.
    /// </summary>
    /// <param name="builder">The host being built.</param>
    /// <param name="parts">The schemas the host's parts use, in migration order.</param>
    /// <param name="logging">Logs the server's start; it must outlive the host, as the server logs until it stops.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="joinRunningEmbeddedServer">For a command that only reads: use the embedded server a running hub started on the same folder.</param>
    /// <exception cref="OptionsValidationException">A database setting is wrong.</exception>
    /// <exception cref="DatabaseUnavailableException">The database does not answer, refuses the session, or was never migrated.</exception>
    public static async Task<ExchangeDatabase> AddDatabaseAsync(
        this IHostApplicationBuilder builder, IReadOnlyList<PartSchema> parts, ILoggerFactory logging, CancellationToken cancellationToken,
        bool joinRunningEmbeddedServer = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(logging);
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions), [$"{DatabaseOptions.Section}:DataDirectory must not be empty."]);

        var database = await ExchangeDatabase.OpenAsync(
            builder.Configuration.GetConnectionString(ConnectionStringName), options, parts, logging.CreateLogger("Exchange.Postgres"), cancellationToken,
            joinRunningEmbeddedServer, builder.Configuration.GetConnectionString(MigrationConnectionStringName));
        if (!database.IsEmbedded && options.MigrateOnStart != true)
        {
            try
            {
                await database.EnsureMigratedAsync(cancellationToken);
            }
            catch
            {
                await database.DisposeAsync();
                throw;
            }
        }
        // Registered by factory so the container owns it. (An instance handed over ready-made is never disposed.)
        builder.Services.AddSingleton(_ => database);
        builder.Properties[typeof(ExchangeDatabase)] = database;
        builder.Services.AddSingleton(sp => sp.GetRequiredService<ExchangeDatabase>().DataSource);
        // The container disposes only what it made: resolved with the hosted services, before any of them starts, the
        // database is the container's even when a start fails before anything asked for it — else the embedded server outlives the process.
        builder.Services.AddSingleton<IHostedService>(sp => new DatabaseOwnership(sp.GetRequiredService<ExchangeDatabase>()));
        if (database.StartedEmbeddedServer is { } server)
            builder.Services.AddSingleton<IHostedService>(sp => new EmbeddedServerWatch(server, sp.GetService<TimeProvider>() ?? TimeProvider.System,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<EmbeddedServerWatch>()));
        return database;
    }

    /// <summary>
    /// Stops the database <see cref="AddDatabaseAsync"/> opened for a host that failed before it was
    /// built (a setting read while its parts were added, say): until the host starts, nothing else
    /// owns it, and an embedded server would outlive the process.
    /// </summary>
    public static async ValueTask DisposeUnstartedDatabaseAsync(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Properties.TryGetValue(typeof(ExchangeDatabase), out var opened) && opened is ExchangeDatabase database)
        {
            builder.Properties.Remove(typeof(ExchangeDatabase));
            await database.DisposeAsync();
        }
    }

    /// <summary>True when the host will use an external database, which every instance shares.</summary>
    public static bool UsesExternalDatabase(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName));
}
