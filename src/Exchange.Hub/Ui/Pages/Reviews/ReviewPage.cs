using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Language;
using Exchange.Hub.Ui.Reviews;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Exchange.Hub.Ui.Pages.Reviews;

/// <summary>A page of the review queue: its own words beside the shared ones, and the problems of a decision.</summary>
public abstract class ReviewPage : UiPage
{
    internal ReviewText Words { get; private set; } = ReviewTexts.Chinese;

    internal FormProblems Problems { get; set; } = new();

    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        Words = ReviewText.For(UiLanguages.Of(HttpContext));
        return base.OnPageHandlerExecutionAsync(context, next);
    }
}
