using System.CommandLine;
using Exchange.Cli.Hub;
using Exchange.Cli.Settings;
using Exchange.Hub;
using Exchange.Postgres;
using Exchange.Postgres.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Exchange.Cli.Migrate;

/// <summary>
/// <c>exchange migrate</c>: applies every part's pending migrations, each in its own schema — the
/// explicit step an external database needs before the hub starts on it (the hub migrates only
/// the embedded one by itself).
/// </summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var settings = HubHostBuilder.SettingOption();
        var command = new Command("migrate", "Apply every part's pending migrations to the database (ConnectionStrings:ExchangeMigration or ConnectionStrings:Exchange, else the embedded data folder); with ConnectionStrings:ExchangeMigration also make the exchange_owner and exchange_runtime roles and their grants; exit 0 when current, 2 when it could not.")
        {
            settings,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Read as the hub reads its settings: the environment (ConnectionStrings__Exchange), then --setting.
            var configuration = new ConfigurationBuilder()
                .AddEnvironmentVariables()
                .AddInMemoryCollection(HubHostBuilder.Pairs(parse.GetValue(settings) ?? []))
                .Build();
            UnknownSettings.Refuse(configuration);
            var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
            options.MigrateOnStart = false;
            try
            {
                // The migration connection alone names an external database too: migrating needs no runtime connection.
                var migration = configuration.GetConnectionString(DatabaseRegistration.MigrationConnectionStringName);
                var runtime = configuration.GetConnectionString(DatabaseRegistration.ConnectionStringName);
                await using var database = await ExchangeDatabase.OpenAsync(
                    string.IsNullOrWhiteSpace(runtime) ? migration : runtime, options, HubParts.Schemas, NullLogger.Instance, cancellationToken,
                    migrationConnectionString: migration);
                foreach (var (part, applied) in await database.MigrateAsync(NullLogger.Instance, cancellationToken))
                {
                    Console.WriteLine(applied.Count == 0
                        ? $"{part.Name}: up to date at version {part.Migrations.Count}"
                        : $"{part.Name}: applied {string.Join(", ", applied.Select(m => $"{m.Version} {m.Name}"))}");
                }
                return 0;
            }
            catch (Exception e) when (e is MigrationException or NpgsqlException or Postgres.Embedded.EmbeddedPostgresException or Postgres.Embedded.PostgresBinariesNotFoundException)
            {
                // The message only: a connection string in a stack trace could carry a password.
                Console.Error.WriteLine($"migrate could not run: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
