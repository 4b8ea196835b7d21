using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Exchange.Adapters.Pull;

/// <summary>
/// The pull adapters' telemetry: an activity per round on the source <c>Exchange.Adapters</c>
/// (the parent of the round's fetches and ingest batches), and on the meter of the same name the
/// rounds run, by adapter and outcome.
/// </summary>
public sealed class PullTelemetry : IDisposable
{
    /// <summary>The activity source's and the meter's name, for an exporter's allow-list.</summary>
    public const string Name = "Exchange.Adapters";

    /// <summary>The source of the round activities.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _rounds;

    public PullTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(Name);
        _rounds = _meter.CreateCounter<long>("exchange.adapters.rounds", "{round}",
            "Pull rounds run, by adapter and outcome: completed (through everything the source had), gave-up (the source failed past its retries), failed (the log or the database failed).");
    }

    /// <summary>Counts one round.</summary>
    public void Round(string adapter, string outcome) =>
        _rounds.Add(1, new KeyValuePair<string, object?>("adapter", adapter), new KeyValuePair<string, object?>("outcome", outcome));

    public void Dispose() => _meter.Dispose();
}
