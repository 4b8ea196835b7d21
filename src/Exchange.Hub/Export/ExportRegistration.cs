using Exchange.Core.Hosting;
using Exchange.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Exchange.Hub.Export;

/// <summary>Bulk export: its settings, checked on start, the job store, the files' folder and the worker.</summary>
internal static class ExportRegistration
{
    /// <summary>
    /// The key of the clock export jobs are timed by (polls, leases, file lifetimes, the instant
    /// releases are judged at): the host's clock unless one is registered under this key first.
    /// </summary>
    public const string ClockKey = "exchange.export.clock";

    public static void AddExport(this WebApplicationBuilder builder)
    {
        var dataDirectory = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.DataDirectory ?? new DatabaseOptions().DataDirectory;
        builder.Services.AddValidatedOptions<ExportOptions>(ExportOptions.Section, o => o.Problems(dataDirectory));
        builder.Services.TryAddKeyedSingleton<TimeProvider>(ClockKey, (sp, _) => sp.GetRequiredService<TimeProvider>());
        builder.Services.AddSingleton(sp => new ExportJobStore(sp.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddSingleton(sp => new ExportFolder(sp.GetRequiredService<IOptions<ExportOptions>>().Value.ResolveDirectory(dataDirectory)));
        builder.Services.AddSingleton<ExportRunner>();
        builder.Services.AddHostedService<ExportWorker>();
    }
}
