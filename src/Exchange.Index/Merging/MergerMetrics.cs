using System.Diagnostics.Metrics;

namespace Exchange.Index.Merging;

/// <summary>
/// The merger's instruments, on the meter <c>Exchange.Index</c>: records merged, and the lag per
/// topic and partition as last read (the merger reads it after a batch, at most every
/// <see cref="LagRefreshInterval"/>, since an observable gauge cannot wait on the log).
/// </summary>
public sealed class MergerMetrics : IDisposable
{
    /// <summary>The meter's name, for an exporter's allow-list.</summary>
    public const string MeterName = "Exchange.Index";

    /// <summary>How often the merger refreshes the lag it reports.</summary>
    public static readonly TimeSpan LagRefreshInterval = TimeSpan.FromSeconds(5);

    private readonly Meter _meter;
    private readonly Counter<long> _merged;
    private volatile IReadOnlyList<PartitionLag> _lag = [];

    public MergerMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _merged = _meter.CreateCounter<long>("exchange.index.merger.records", "{record}", "Record versions merged into the index, by outcome.");
        _meter.CreateObservableGauge("exchange.index.merger.lag", ObserveLag, "{message}", "Messages of a record topic partition not yet merged into the index.");
        _meter.CreateObservableGauge("exchange.index.merger.ahead", ObserveAhead, "{message}",
            "How far the index stands past the end of a record topic partition (made again or truncated under it); nothing is merged there while above zero.");
    }

    /// <summary>The lag as last read.</summary>
    public IReadOnlyList<PartitionLag> Lag => _lag;

    /// <summary>When the lag was last read; null before the first time.</summary>
    public DateTimeOffset? LagReadAt { get; private set; }

    public void Record(MergeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _merged.Add(result.Merged, new KeyValuePair<string, object?>("outcome", "merged"));
        _merged.Add(result.Duplicates, new KeyValuePair<string, object?>("outcome", "duplicate"));
        _merged.Add(result.AlreadyMerged, new KeyValuePair<string, object?>("outcome", "redelivered"));
    }

    public void UpdateLag(IReadOnlyList<PartitionLag> lag, DateTimeOffset at)
    {
        _lag = lag;
        LagReadAt = at;
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveLag() => _lag.Select(l => Measure(l.Lag, l));

    private IEnumerable<Measurement<long>> ObserveAhead() => _lag.Select(l => Measure(l.AheadBy, l));

    private static Measurement<long> Measure(long value, PartitionLag partition) =>
        new(value, new KeyValuePair<string, object?>("topic", partition.Topic), new KeyValuePair<string, object?>("partition", partition.Partition));
}
