using Exchange.Core.Hosting;
using Exchange.Log.Embedded;
using Exchange.Log.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Exchange.Log;

/// <summary>
/// Registers the event log: Kafka when <c>Exchange:Kafka:BootstrapServers</c> (or the demo setting
/// <c>Exchange:Kafka:Mock</c>) is set, else the embedded log kept in the hub's PostgreSQL (the
/// host's <see cref="NpgsqlDataSource"/>). Both pass the same contract tests, so nothing else in
/// the hub knows which one runs. The mode's settings are checked when the host starts.
/// </summary>
public static class EventLogRegistration
{
    /// <summary>True when the configuration selects Kafka.</summary>
    public static bool UsesKafka(IConfiguration configuration)
    {
        var kafka = configuration.GetSection(KafkaLogOptions.SectionName).Get<KafkaLogOptions>();
        return kafka is not null && (kafka.Mock > 0 || !string.IsNullOrWhiteSpace(kafka.BootstrapServers));
    }

    /// <summary>Registers <see cref="IEventLog"/> and creates the standard topics when the host starts.</summary>
    public static IHostApplicationBuilder AddEventLog(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (UsesKafka(builder.Configuration))
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
                sp.GetRequiredService<NpgsqlDataSource>(),
                sp.GetRequiredService<IOptions<EmbeddedLogOptions>>().Value,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Exchange.Log.Embedded")));
        }
        builder.Services.AddHostedService<EventLogTopics>();
        return builder;
    }

    /// <summary>Creates the standard topics before the hub takes traffic.</summary>
    private sealed class EventLogTopics(IEventLog log) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => log.EnsureStandardTopicsAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
