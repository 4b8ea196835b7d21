using Exchange.Access.Enforcement;
using Exchange.Access.Tokens;
using Exchange.Core.Hosting;
using Exchange.Reporting.Reading;
using Exchange.Reporting.Statistics;
using Exchange.Reporting.Writers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Exchange.Reporting;

/// <summary>
/// Registers the reports: their settings (checked on start), the report service, the three
/// writers, and how a report's caller is found among the registered clients. Needs the host's
/// <see cref="NpgsqlDataSource"/>, <see cref="ReleaseService"/> (from <c>AddAccess</c> or
/// <c>AddRelease</c>) and <see cref="TimeProvider"/>.
/// </summary>
public static class ReportingRegistration
{
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddValidatedOptions<ReportOptions>(ReportOptions.Section, ReportOptions.Problems);
        services.AddSingleton(sp => new ReportService(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<ReleaseService>(),
            sp.GetRequiredService<IOptions<ReportOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<JsonReportWriter>();
        services.AddSingleton<CsvReportWriter>();
        services.AddSingleton<HtmlReportWriter>();
        services.AddSingleton(sp => new ReportFormats(sp.GetRequiredService<JsonReportWriter>(), sp.GetRequiredService<CsvReportWriter>(), sp.GetRequiredService<HtmlReportWriter>()));
        // Read on first use, not when a hosted service that needs it is built: the settings are checked on start first.
        services.AddSingleton(sp => new ReportCallers(() => sp.GetRequiredService<IOptions<List<ClientRegistration>>>().Value));
        return builder;
    }
}
