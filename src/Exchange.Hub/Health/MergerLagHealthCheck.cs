using Exchange.Index.Merging;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.Health;

/// <summary>
/// The merged index is at most <see cref="HealthOptions.MaxMergerLag"/> records behind the record
/// topics: a hub further behind answers queries from an index that misses what was pushed.
/// </summary>
internal sealed class MergerLagHealthCheck(MergerLag lag, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bound = options.Value.MaxMergerLag;
        // On Kafka the watermark look-ups block their thread; the check's timeout must still end the wait.
        var partitions = await Task.Run(() => lag.ReadAsync(cancellationToken), cancellationToken).WaitAsync(cancellationToken);
        var behind = partitions.Sum(p => p.Lag);
        var description = $"{behind} records behind (bound {bound}, {HealthOptions.Section}:MaxMergerLag).";
        return behind <= bound
            ? HealthCheckResult.Healthy(description)
            : new HealthCheckResult(context.Registration.FailureStatus, description);
    }
}
