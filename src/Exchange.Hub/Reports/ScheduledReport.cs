using System.Globalization;
using Exchange.Access.Clients;
using Exchange.Access.Tokens;
using Exchange.Core.Codes;
using Exchange.Reporting.Reading;
using Exchange.Reporting.Statistics;

namespace Exchange.Hub.Reports;

/// <summary>
/// A report the hub computes on a schedule for a registered client and publishes to
/// <c>exchange.reports.v1</c>. Either <c>Every</c> or <c>At</c>, not both.
/// </summary>
public sealed class ScheduledReport
{
    /// <summary>The section the list is bound from.</summary>
    public const string Section = "Exchange:Reports:Schedule";

    /// <summary>The report's name, as <c>GET /v1/reports</c> lists it, e.g. <c>outcomes</c>.</summary>
    public string Report { get; set; } = "";

    /// <summary>The registered client (<c>Exchange:Clients</c>) the report is computed for: the release service judges and audits the read as this client, with the purpose statistics.</summary>
    public string Client { get; set; } = "";

    /// <summary>The client's issuer; needed only when its client id is registered under several issuers.</summary>
    public string? Issuer { get; set; }

    /// <summary>The report's parameters by name: <c>cohort</c>, <c>region</c>, <c>formula</c>, <c>asOf</c>; none for the defaults.</summary>
    public Dictionary<string, string> Parameters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Compute it this often, counted from the hub's start, e.g. <c>06:00:00</c>; at least a minute.</summary>
    public TimeSpan? Every { get; set; }

    /// <summary>Compute it once a day at this time of day, Beijing time (UTC+8), as <c>HH:mm</c>, e.g. <c>06:30</c>.</summary>
    public string? At { get; set; }

    /// <summary>The language of the published document's texts: <c>zh</c> or <c>en</c>.</summary>
    public string Language { get; set; } = "zh";

    /// <summary>The shortest <see cref="Every"/>, and how often the schedule looks for due reports.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    /// <summary>The offset <see cref="At"/> is read in.</summary>
    public static readonly TimeSpan BeijingTime = TimeSpan.FromHours(8);

    /// <summary>The daily time, when <see cref="At"/> is one.</summary>
    public TimeOnly? DailyAt => TimeOnly.TryParseExact(At, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    /// <summary>
    /// What is wrong with the schedule, each problem naming its setting: an unknown report, a client
    /// that is not registered or lacks <c>reports:read</c>, no interval or a bad one, a parameter the
    /// report cannot take.
    /// </summary>
    public static IEnumerable<string> Problems(IReadOnlyList<ScheduledReport> schedule, IReadOnlyList<ClientRegistration> clients)
    {
        var callers = new ReportCallers(clients);
        var regions = CodeListCatalog.Shipped["admin-division"];
        for (var i = 0; i < schedule.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"{Section}:{i}");
            var entry = schedule[i];
            if (entry is null)
            {
                yield return $"{path} is empty.";
                continue;
            }
            if (!ReportService.Catalogue.Any(r => r.Name == entry.Report))
                yield return $"{path}:Report '{entry.Report}' is not a report; the reports are {string.Join(", ", ReportService.Catalogue.Select(r => r.Name))}.";
            if (string.IsNullOrWhiteSpace(entry.Client))
                yield return $"{path}:Client is required: the registered client the report is computed for.";
            else if (!callers.TryFind(entry.Client, entry.Issuer, out var caller, out var problem))
                yield return $"{path}:Client: {problem}";
            else if (!caller!.Has(Scopes.ReportsRead))
                yield return $"{path}:Client '{entry.Client}' is not registered for the scope {Scopes.ReportsRead}.";
            if (entry.Every is null && string.IsNullOrWhiteSpace(entry.At))
                yield return $"{path}: give Every (a time span such as 06:00:00) or At (a daily time such as 06:30).";
            else if (entry.Every is not null && !string.IsNullOrWhiteSpace(entry.At))
                yield return $"{path}: give Every or At, not both.";
            else if (entry.Every is { } every && every < Tick)
                yield return $"{path}:Every must be at least {Tick:c} (it is {every:c}).";
            else if (entry.Every is null && entry.DailyAt is null)
                yield return $"{path}:At '{entry.At}' is not a time of day as HH:mm, e.g. 06:30.";
            if (!ReportFormats.TryParseLanguage(entry.Language, out _))
                yield return $"{path}:Language '{entry.Language}' is not zh or en.";
            IReadOnlyList<ReportProblem> parameterProblems = [];
            try
            {
                ReportParameters.Parse(entry.Parameters.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)), regions);
            }
            catch (ReportRequestException refused)
            {
                parameterProblems = refused.Problems;
            }
            foreach (var problem in parameterProblems)
                yield return $"{path}:Parameters:{problem.Parameter}: {problem.Message}";
        }
    }

    /// <summary>When the report is next due after <paramref name="after"/>.</summary>
    public DateTimeOffset NextDue(DateTimeOffset after)
    {
        if (Every is { } every)
            return after + every;
        var local = after.ToOffset(BeijingTime);
        var today = new DateTimeOffset(DateOnly.FromDateTime(local.DateTime).ToDateTime(DailyAt!.Value), BeijingTime);
        return (today > after ? today : today.AddDays(1)).ToUniversalTime();
    }
}
