using System.Globalization;
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
        // An index past a partition's end reports no lag there, yet merges nothing until an operator acts.
        var ahead = partitions.Where(p => p.Ahead).ToList();
        if (ahead.Count > 0)
        {
            var where = string.Join("; ", ahead.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Topic}[{p.Partition}] at {p.MergedOffset}, end {p.EndOffset}")));
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"The index stands past the end of {ahead.Count} partition(s) ({where}): nothing is merged there (docs/operations.md).");
        }
        var behind = partitions.Sum(p => p.Lag);
        var description = $"{behind} records behind (bound {bound}, {HealthOptions.Section}:MaxMergerLag).";
        return behind <= bound
            ? HealthCheckResult.Healthy(description)
            : new HealthCheckResult(context.Registration.FailureStatus, description);
    }
}
