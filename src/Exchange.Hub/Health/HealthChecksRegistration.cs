using Exchange.Core.Hosting;
using Npgsql;

namespace Exchange.Hub.Health;

/// <summary>
/// The checks behind <c>/health/ready</c>: the database answers, every part's schema is migrated
/// to this build's version, the event log answers, and the merger is not too far behind.
/// <c>/health/live</c> runs none of them.
/// </summary>
internal static class HealthChecksRegistration
{
    /// <summary>The tag of the checks <c>/health/ready</c> runs.</summary>
    public const string Ready = "ready";

    // A probe must answer before the orchestrator's own probe timeout (commonly 1–10 s); a check
    // that has not answered by then counts as failed.
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IHostApplicationBuilder AddHubHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<HealthOptions>(HealthOptions.Section);
        // One instance: AddCheck<T> takes a registered service when there is one, and this check keeps the shipped migrations.
        builder.Services.AddSingleton<SchemaMigrationsHealthCheck>();
        builder.Services.AddHealthChecks()
            .AddNpgSql(sp => sp.GetRequiredService<NpgsqlDataSource>(), name: "postgres", tags: [Ready], timeout: CheckTimeout)
            .AddCheck<SchemaMigrationsHealthCheck>("migrations", tags: [Ready], timeout: CheckTimeout)
            .AddCheck<EventLogHealthCheck>("event-log", tags: [Ready], timeout: CheckTimeout)
            .AddCheck<MergerLagHealthCheck>("merger-lag", tags: [Ready], timeout: CheckTimeout);
        return builder;
    }
}
