using Exchange.Hub.Ui.Reports;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Reports;

/// <summary>
/// The reports the hub computes, and a GET form to choose one and its selection. A valid choice
/// goes on to the report's own address; one the reports refuse comes back with each problem on
/// its field.
/// </summary>
public sealed class IndexModel : ReportsPage
{
    [BindProperty(SupportsGet = true)]
    public ReportSelection Selection { get; set; } = new();

    public IActionResult OnGet()
    {
        Title = Words.ReportsTitle;
        Choice = Selection;
        if (!Request.Query.ContainsKey("report"))
            return Page();

        var (_, problems) = ReportSelection.Parse(Selection.Parameters());
        if (Find(Selection.Name) is null)
            problems.Add(new(ReportSelection.Report, null, ReportPageTexts.English.ReportRequired, ReportPageTexts.Chinese.ReportRequired));
        if (problems.Any)
        {
            Problems = problems;
            Title = Text.ErrorTitlePrefix + Words.ReportsTitle;
            return Page();
        }
        return LocalRedirect(ReportSelection.Address(Selection.Name!, Selection.Parameters()));
    }
}
