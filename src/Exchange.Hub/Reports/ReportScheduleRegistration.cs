using Exchange.Access.Tokens;
using Exchange.Core.Hosting;

namespace Exchange.Hub.Reports;

/// <summary>The hub's report schedule: its settings, checked on start against the catalogue and the registered clients, and the service that runs it.</summary>
internal static class ReportScheduleRegistration
{
    public static void AddReportSchedule(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddValidatedOptions<List<ScheduledReport>>(ScheduledReport.Section, schedule => ScheduledReport.Problems(schedule,
            configuration.GetSection(ClientRegistration.SectionName).Get<List<ClientRegistration>>() ?? []));
        builder.Services.AddHostedService<ReportSchedule>();
    }
}
