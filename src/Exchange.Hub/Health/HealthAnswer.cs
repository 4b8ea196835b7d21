using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Exchange.Hub.Health;

/// <summary>What <c>/health/live</c> and <c>/health/ready</c> answer.</summary>
/// <param name="Status"><c>healthy</c>, <c>degraded</c> (still ready) or <c>unhealthy</c>.</param>
/// <param name="Checks">Each check that ran; none for <c>/health/live</c>.</param>
public sealed record HealthAnswer(string Status, IReadOnlyList<HealthCheckAnswer> Checks)
{
    /// <summary>The process answers: <c>/health/live</c> looks at nothing else.</summary>
    public static HealthAnswer Live { get; } = new(Name(HealthStatus.Healthy), []);

    /// <summary>
    /// The report as the probe sees it. An exception's message is never passed on: a driver's
    /// message can name hosts, ports or users; its type says enough to start looking.
    /// </summary>
    public static HealthAnswer From(HealthReport report) => new(Name(report.Status), [.. report.Entries.Select(entry =>
        new HealthCheckAnswer(entry.Key, Name(entry.Value.Status), Describe(entry.Value), Math.Round(entry.Value.Duration.TotalMilliseconds, 1)))]);

    public static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();

    private static string Describe(HealthReportEntry entry) => entry.Exception switch
    {
        null => entry.Description ?? "",
        OperationCanceledException or TimeoutException => "Did not answer in time.",
        var exception => string.Create(CultureInfo.InvariantCulture, $"Failed ({exception.GetType().Name})."),
    };
}

/// <summary>One check of <c>/health/ready</c>.</summary>
/// <param name="Name"><c>postgres</c>, <c>migrations</c>, <c>event-log</c> or <c>merger-lag</c>.</param>
/// <param name="Status"><c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>.</param>
/// <param name="Description">What the check found, in a sentence; never a connection string or a secret.</param>
/// <param name="DurationMs">How long the check took, in milliseconds.</param>
public sealed record HealthCheckAnswer(string Name, string Status, string Description, double DurationMs);
