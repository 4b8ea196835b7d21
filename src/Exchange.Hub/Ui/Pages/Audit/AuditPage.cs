using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Audit;
using Exchange.Hub.Ui.Language;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Exchange.Hub.Ui.Pages.Audit;

/// <summary>An audit page: its own words beside the shared ones, and the problems of its form.</summary>
public abstract class AuditPage : UiPage
{
    internal AuditText Words { get; private set; } = AuditTexts.Chinese;

    internal FormProblems Problems { get; set; } = new();

    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        Words = AuditText.For(UiLanguages.Of(HttpContext));
        return base.OnPageHandlerExecutionAsync(context, next);
    }
}
