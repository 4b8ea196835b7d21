using System.Diagnostics;
using System.Diagnostics.Metrics;
using Exchange.Access.Decisions;

namespace Exchange.Access.Enforcement;

/// <summary>
/// The release service's telemetry: an activity per release on the source <c>Exchange.Access</c>,
/// and on the meter of the same name the decisions it made, by outcome and deciding rule.
/// </summary>
public sealed class ReleaseTelemetry : IDisposable
{
    /// <summary>The activity source's and the meter's name, for an exporter's allow-list.</summary>
    public const string Name = "Exchange.Access";

    /// <summary>The source of the release activities.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _decisions;

    public ReleaseTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(Name);
        _decisions = _meter.CreateCounter<long>("exchange.release.decisions", "{decision}",
            "Access decisions the release service made and audited, by outcome (permit, deny) and the rule that decided.");
    }

    /// <summary>Counts one decision.</summary>
    public void Decided(string outcome, string rule) =>
        _decisions.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("rule", rule));

    /// <summary>Counts decisions made by the policy decision point.</summary>
    public void Decided(IEnumerable<AccessDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        foreach (var decision in decisions)
            Decided(decision.IsDenied ? "deny" : "permit", decision.Rule);
    }

    public void Dispose() => _meter.Dispose();
}
