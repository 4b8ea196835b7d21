using System.Globalization;
using Exchange.Access.Agreements;
using Exchange.Core.Codes;
using Exchange.Core.Hosting;
using Exchange.Log;
using Exchange.Reporting.Reading;
using Exchange.Reporting.Reports;
using Exchange.Reporting.Statistics;
using Exchange.Reporting.Writers;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.Reports;

/// <summary>
/// Computes the scheduled reports (<c>Exchange:Reports:Schedule</c>) when they fall due — each
/// through the report service as its client, for the purpose statistics, so the release service
/// judges and audits it like any read — and publishes each document as JSON to
/// <see cref="Topic"/>, keyed by the report's name. Every minute of the injected clock it looks
/// for due reports; a run that fails is logged with its reason and tried again at the next look,
/// and never stops the hub.
/// </summary>
internal sealed partial class ReportSchedule(
    IOptions<List<ScheduledReport>> schedule, ReportCallers callers, ReportService reports, JsonReportWriter writer, IEventLog log,
    TimeProvider clock, ILogger<ReportSchedule> logger) : BackgroundService
{
    /// <summary>The topic scheduled reports are published to.</summary>
    public const string Topic = "exchange.reports.v1";

    /// <summary>The CloudEvents type of a published report.</summary>
    public const string EventType = "org.graduate-exchange.report.v1";

    /// <summary>The audited action of a scheduled read.</summary>
    public const string Action = "scheduled report";

    /// <summary>The CloudEvents extension naming the client a report was computed for.</summary>
    public const string ClientHeader = "ce_client";

    /// <summary>The CloudEvents extension naming that client's organisation.</summary>
    public const string OrganisationHeader = "ce_organisation";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var entries = schedule.Value;
        if (entries.Count == 0)
            return;
        var start = clock.GetUtcNow();
        var due = entries.Select(e => e.NextDue(start)).ToArray();
        var topicReady = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(ScheduledReport.Tick, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = clock.GetUtcNow();
            for (var i = 0; i < entries.Count && !stoppingToken.IsCancellationRequested; i++)
            {
                if (due[i] > now)
                    continue;
                try
                {
                    if (!topicReady)
                    {
                        await log.EnsureTopicsAsync([Topic], log.DefaultPartitions, stoppingToken);
                        topicReady = true;
                    }
                    var position = await PublishAsync(entries[i], stoppingToken);
                    LogPublished(entries[i].Report, entries[i].Client, position.Partition, position.Offset);
                    due[i] = entries[i].NextDue(now);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // Left due: the next look tries again.
                    LogFailed(entries[i].Report, entries[i].Client, Reason(exception));
                }
            }
        }
    }

    private async Task<LogPosition> PublishAsync(ScheduledReport entry, CancellationToken cancellationToken)
    {
        if (!callers.TryFind(entry.Client, entry.Issuer, out var caller, out var problem))
            throw new InvalidOperationException(problem);
        var parameters = ReportParameters.Parse(entry.Parameters.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)), CodeListCatalog.Shipped["admin-division"]);
        ReportFormats.TryParseLanguage(entry.Language, out var language);
        var document = await reports.RunAsync(entry.Report, parameters, caller!, Purpose.Statistics, Action, cancellationToken);
        using var buffer = new MemoryStream();
        await writer.WriteAsync(document, buffer, language, cancellationToken);
        var positions = await log.AppendAsync(Topic, [ToMessage(document, caller!.ClientId, caller.Organisation, buffer.ToArray())], cancellationToken);
        return positions[0];
    }

    /// <summary>The message: CloudEvents attributes as headers, the JSON document as value, the report's name as key.</summary>
    internal static LogMessage ToMessage(ReportDocument document, string clientId, string organisation, byte[] json)
    {
        var headers = CloudEventHeaders.ForEvent(Guid.CreateVersion7(document.ComputedAt).ToString("D"), "/reports/" + document.Name, EventType, document.Name,
            document.ComputedAt);
        headers[ClientHeader] = clientId;
        headers[OrganisationHeader] = organisation;
        return new LogMessage(document.Name, headers, json);
    }

    // A refusal names its rule, a bad request its problems; anything else its message only (no stack, no connection string).
    private static string Reason(Exception exception) => exception switch
    {
        ReportDeniedException denied => "denied: " + denied.Rule,
        ReportRequestException refused => string.Join(" ", refused.Problems.Select(p => $"{p.Code}: {p.Message}")),
        _ => exception.GetType().Name + ": " + exception.Message,
    };

    [LoggerMessage(EventId = EventIds.ScheduledReportPublished, Level = LogLevel.Information,
        Message = "Scheduled report {Report} for {Client} published to partition {Partition} at offset {Offset}")]
    private partial void LogPublished(string report, string client, int partition, long offset);

    [LoggerMessage(EventId = EventIds.ScheduledReportFailed, Level = LogLevel.Warning,
        Message = "Scheduled report {Report} for {Client} failed and is tried again at the next minute: {Reason}")]
    private partial void LogFailed(string report, string client, string reason);
}
