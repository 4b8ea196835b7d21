using Exchange.Log;
using Exchange.Log.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Exchange.Hub.Health;

/// <summary>
/// The event log answers: Kafka's brokers return their metadata within a short timeout; the
/// embedded log's tables answer a read of the dead-letter topic's end.
/// </summary>
internal sealed class EventLogHealthCheck(IEventLog log) : IHealthCheck
{
    // Shorter than the check's own timeout, so that a silent cluster is reported as such.
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (log is KafkaEventLog kafka)
        {
            // librdkafka blocks the calling thread while it waits for the brokers.
            var brokers = await Task.Run(() => kafka.CountBrokers(BrokerTimeout), cancellationToken).WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Kafka: the cluster answered, naming {brokers} broker(s).");
        }

        await log.GetWatermarksAsync(Topics.DeadLetter, 0, cancellationToken);
        return HealthCheckResult.Healthy("Embedded log: its tables answer.");
    }
}
