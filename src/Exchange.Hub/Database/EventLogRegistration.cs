using Exchange.Log;
using Exchange.Log.Embedded;
using Exchange.Log.Kafka;
using Exchange.Hub.Settings;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.Database;

/// <summary>
/// The event log: Kafka when <c>Exchange:Kafka:BootstrapServers</c> (or the demo setting
/// <c>Exchange:Kafka:Mock</c>) is set, else the embedded log kept in the hub's PostgreSQL.
/// Both pass the same contract tests, so nothing else in the hub knows which one runs.
/// </summary>
internal static class EventLogRegistration
{
    public static bool UsesKafka(IConfiguration configuration)
    {
        var kafka = configuration.GetSection(KafkaLogOptions.SectionName).Get<KafkaLogOptions>();
        return kafka is not null && (kafka.Mock > 0 || !string.IsNullOrWhiteSpace(kafka.BootstrapServers));
    }

    public static void AddEventLog(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (UsesKafka(configuration))
        {
            builder.Services.AddValidatedOptions<KafkaLogOptions>(KafkaLogOptions.SectionName);
            builder.Services.AddSingleton<IEventLog>(sp => new KafkaEventLog(
                sp.GetRequiredService<IOptions<KafkaLogOptions>>().Value,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Exchange.Log.Kafka")));
        }
        else
        {
            builder.Services.AddValidatedOptions<EmbeddedLogOptions>(EmbeddedLogOptions.SectionName, o => o.HeartbeatInterval > TimeSpan.Zero && o.SessionTimeout > o.HeartbeatInterval
                ? []
                : [$"{EmbeddedLogOptions.SectionName}:SessionTimeout must be longer than {EmbeddedLogOptions.SectionName}:HeartbeatInterval, both positive."]);
            builder.Services.AddSingleton<IEventLog>(sp => new EmbeddedEventLog(
                sp.GetRequiredService<HubDatabase>().DataSource,
                sp.GetRequiredService<IOptions<EmbeddedLogOptions>>().Value,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Exchange.Log.Embedded")));
        }
        builder.Services.AddHostedService<EventLogTopics>();
    }

    /// <summary>Creates the standard topics before the hub takes traffic.</summary>
    private sealed class EventLogTopics(IEventLog log) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => log.EnsureStandardTopicsAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
