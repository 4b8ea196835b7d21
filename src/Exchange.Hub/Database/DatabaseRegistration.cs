using Exchange.Hub.Logging;

namespace Exchange.Hub.Database;

internal static class DatabaseRegistration
{
    /// <summary>Opens the database (starting the embedded server when no connection string is set) before the host is built.</summary>
    public static async Task AddHubDatabaseAsync(this WebApplicationBuilder builder, CancellationToken cancellationToken)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        // Lives as long as the process: the embedded server logs through it until it stops.
        var loggerFactory = LoggerFactory.Create(logging =>
        {
            logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
            logging.AddConsole();
            logging.Services.RedactLogs();
        });
        var database = await HubDatabase.OpenAsync(
            builder.Configuration.GetConnectionString("Exchange"), options, loggerFactory.CreateLogger("Exchange.Hub.Database"), cancellationToken);
        // Registered by factory so the container owns it: disposing the host closes the pools and
        // stops the embedded server. (An instance handed over ready-made is never disposed.)
        builder.Services.AddSingleton(_ => database);
    }
}
