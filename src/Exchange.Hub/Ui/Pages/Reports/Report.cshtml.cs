using Exchange.Access.Agreements;
using Exchange.Hub.Authentication;
using Exchange.Hub.Ui.Reports;
using Exchange.Reporting.Reports;
using Exchange.Reporting.Statistics;
using Exchange.Reporting.Writers;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Reports;

/// <summary>
/// One report computed for the signed-in organisation, for the purpose statistics, as the HTML
/// report shows it, with its downloads. Parameters the report refuses come back on the form; a
/// refusal of the release service is explained, as is an index that holds no one yet.
/// </summary>
public sealed class ReportModel(ReportService reports, HtmlReportWriter html) : ReportsPage
{
    [FromRoute]
    public string Name { get; set; } = "";

    /// <summary>The report's title, without the error prefix the page title may carry.</summary>
    internal string Heading { get; private set; } = "";

    internal ReportDocument? Document { get; private set; }

    /// <summary>The report's body as the HTML writer writes it, already encoded.</summary>
    internal string Fragment { get; private set; } = "";

    /// <summary>The release service's rule when it refused, e.g. <c>agreement.none</c>.</summary>
    internal string? DeniedRule { get; private set; }

    internal bool NothingToCount { get; private set; }

    /// <summary>The parameters as the address gave them, for the downloads' addresses.</summary>
    internal List<KeyValuePair<string, string?>> Given { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Find(Name) is not { } entry)
            return MissingAgreement();
        Title = Heading = entry.Title.In(ReportLanguage);
        Given = ReportSelection.Parameters(Request.Query);
        Choice = ReportSelection.Of(Name, Given);
        var (parameters, problems) = ReportSelection.Parse(Given);
        if (parameters is null)
            return WithProblems(problems);

        try
        {
            Document = await reports.RunAsync(Name, parameters, HttpContext.RequireClient(), Purpose.Statistics, AuditedRequest.Action(HttpContext), cancellationToken);
            // Hidden cells marked by their sign alone, explained by each table's legend: the page stays under its weight.
            Fragment = html.WriteFragment(Document, ReportLanguage, markTitles: false, cancellationToken);
        }
        catch (ReportDeniedException denied)
        {
            DeniedRule = denied.Rule;
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }
        catch (ReportRequestException request) when (request.Problems.Any(p => p.Code == ReportProblem.NothingToCount))
        {
            NothingToCount = true;
        }
        catch (ReportRequestException request)
        {
            return WithProblems(ReportSelection.ProblemsOf(request));
        }
        return Page();
    }

    private IActionResult WithProblems(Exchange.Hub.Ui.Agreements.FormProblems problems)
    {
        Problems = problems;
        Title = Text.ErrorTitlePrefix + Title;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
