using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Consents;
using Exchange.Hub.Ui.Language;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Exchange.Hub.Ui.Pages.Consents;

/// <summary>A consents page: its own words beside the shared ones, and the problems of its form.</summary>
public abstract class ConsentPage : UiPage
{
    internal ConsentText Words { get; private set; } = ConsentTexts.Chinese;

    internal FormProblems Problems { get; set; } = new();

    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        Words = ConsentText.For(UiLanguages.Of(HttpContext));
        return base.OnPageHandlerExecutionAsync(context, next);
    }

    /// <summary>Answers the page again with its problems, the title saying there are some.</summary>
    internal IActionResult WithProblems(string title, FormProblems problems)
    {
        Problems = problems;
        Title = Text.ErrorTitlePrefix + title;
        return Page();
    }

    /// <summary>The page answered 404 for a consent that does not exist.</summary>
    internal IActionResult MissingConsent() => MissingAgreement();

    /// <summary>The address of a subject's consents.</summary>
    internal static string OfSubject(string subjectKey) => $"{UiPaths.Consents}?subject={Uri.EscapeDataString(subjectKey)}";
}
