using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Language;
using Exchange.Hub.Ui.Reports;
using Exchange.Reporting.Reports;
using Exchange.Reporting.Statistics;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Exchange.Hub.Ui.Pages.Reports;

/// <summary>A reports page: its own words beside the shared ones, the report form's choice and its problems.</summary>
public abstract class ReportsPage : UiPage
{
    internal ReportPageText Words { get; private set; } = ReportPageTexts.Chinese;

    internal FormProblems Problems { get; set; } = new() { FieldOrder = ReportSelection.FieldOrder };

    /// <summary>What the form shows.</summary>
    internal ReportSelection Choice { get; set; } = new();

    /// <summary>The report's language for the reader's.</summary>
    internal ReportLanguage ReportLanguage => Language == UiLanguage.English ? ReportLanguage.En : ReportLanguage.Zh;

    /// <summary>The catalogue's entry of a report, or null for a name that is not a report.</summary>
    internal static (string Name, LocalText Title)? Find(string? name) =>
        ReportService.Catalogue.Any(r => r.Name == name) ? ReportService.Catalogue.First(r => r.Name == name) : null;

    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        Words = ReportPageText.For(UiLanguages.Of(HttpContext));
        return base.OnPageHandlerExecutionAsync(context, next);
    }
}
