using System.Diagnostics.Metrics;
using Exchange.Access.Enforcement;
using Exchange.Adapters.Ingest;
using Exchange.Adapters.Pull;
using Exchange.Index.Merging;

namespace Exchange.Hub.Telemetry;

/// <summary>
/// The hub's OpenTelemetry: traces from ASP.NET Core, HttpClient, Npgsql and the hub's own
/// sources (ingest, merge, release); metrics from the same and the hub's meters. Exported over
/// OTLP when the standard <c>OTEL_EXPORTER_OTLP_*</c> variables name an endpoint; without one,
/// nothing leaves the process.
/// </summary>
public sealed class HubTelemetry : IDisposable
{
    /// <summary>The hub's own meter (the HTTP edge: rate-limit refusals).</summary>
    public const string Name = "Exchange.Hub";

    /// <summary>The service name reported unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string ServiceName = "exchange-hub";

    /// <summary>The hub's activity sources.</summary>
    public static IReadOnlyList<string> Sources { get; } = [IngestTelemetry.Name, PullTelemetry.Name, MergeActivities.Name, ReleaseTelemetry.Name];

    /// <summary>The hub's meters.</summary>
    public static IReadOnlyList<string> Meters { get; } = [IngestTelemetry.Name, PullTelemetry.Name, MergerMetrics.MeterName, ReleaseTelemetry.Name, Name];

    private static readonly string[] EndpointVariables =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"];

    private readonly Meter _meter;
    private readonly Counter<long> _rateLimited;

    public HubTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(Name);
        _rateLimited = _meter.CreateCounter<long>("exchange.hub.rate_limit.refusals", "{request}",
            "Requests refused 429 because the client's budget was spent, by client id (\"anonymous\" before authentication).");
    }

    /// <summary>Counts one refused request.</summary>
    public void RateLimited(string? clientId) =>
        _rateLimited.Add(1, new KeyValuePair<string, object?>("client_id", clientId ?? "anonymous"));

    public void Dispose() => _meter.Dispose();

    /// <summary>Whether the configuration (environment variables included) names an OTLP endpoint.</summary>
    public static bool ExportsOtlp(IConfiguration configuration) =>
        EndpointVariables.Any(v => !string.IsNullOrWhiteSpace(configuration[v]));
}
