using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Exchange.Adapters.Ingest;

/// <summary>
/// The ingest path's telemetry: an activity per batch on the source <c>Exchange.Ingest</c> — the
/// parent of the appends, whose messages carry its trace context to the merger — and on the meter
/// of the same name the records taken in, by kind and outcome.
/// </summary>
public sealed class IngestTelemetry : IDisposable
{
    /// <summary>The activity source's and the meter's name, for an exporter's allow-list.</summary>
    public const string Name = "Exchange.Ingest";

    /// <summary>The source of the ingest activities.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _records;

    public IngestTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(Name);
        _records = _meter.CreateCounter<long>("exchange.ingest.records", "{record}",
            "Records taken in at the door, pushed or pulled, by kind and outcome (accepted, duplicate, rejected).");
    }

    /// <summary>Counts a batch's outcomes.</summary>
    public void Ingested(string kind, IngestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Add(kind, "accepted", result.Accepted);
        Add(kind, "duplicate", result.Duplicates);
        Add(kind, "rejected", result.Rejected);
    }

    public void Dispose() => _meter.Dispose();

    private void Add(string kind, string outcome, int count)
    {
        if (count > 0)
            _records.Add(count, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));
    }
}
