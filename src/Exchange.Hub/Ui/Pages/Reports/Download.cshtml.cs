using Exchange.Access.Agreements;
using Exchange.Hub.Authentication;
using Exchange.Hub.Ui.Reports;
using Exchange.Reporting.Statistics;
using Exchange.Reporting.Writers;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Reports;

/// <summary>
/// A report as a file to keep: the writers' CSV, JSON or standalone HTML, in the reader's language,
/// computed afresh (and audited) as the report page computes it. Anything the page would explain —
/// problems with the parameters, a refusal, nothing to count — goes back to the report page.
/// </summary>
public sealed class DownloadModel(ReportService reports, CsvReportWriter csv, JsonReportWriter json, HtmlReportWriter html) : ReportsPage
{
    [FromRoute]
    public string Name { get; set; } = "";

    [FromQuery(Name = "format")]
    public string? Format { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        IReportWriter? writer = Format switch
        {
            "csv" => csv,
            "json" => json,
            "html" => html,
            _ => null,
        };
        if (Find(Name) is null || writer is null)
            return NotFound();

        var given = ReportSelection.Parameters(Request.Query, "format");
        var (parameters, _) = ReportSelection.Parse(given);
        if (parameters is not null)
        {
            try
            {
                var document = await reports.RunAsync(Name, parameters, HttpContext.RequireClient(), Purpose.Statistics, AuditedRequest.Action(HttpContext), cancellationToken);
                using var output = new MemoryStream();
                await writer.WriteAsync(document, output, ReportLanguage, cancellationToken);
                var cohort = document.Parameters.TryGetValue("cohort", out var year) ? "-" + year : "";
                return File(output.ToArray(), writer.MediaType, $"{Name}{cohort}.{writer.FileExtension}");
            }
            catch (Exception e) when (e is ReportDeniedException or ReportRequestException)
            {
                // The report page says what is wrong, in words.
            }
        }
        return LocalRedirect(ReportSelection.Address(Name, given));
    }
}
