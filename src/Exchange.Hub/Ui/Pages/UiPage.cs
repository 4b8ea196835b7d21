using Exchange.Access.Clients;
using Exchange.Hub.Authentication;
using Exchange.Hub.Ui.Language;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Exchange.Hub.Ui.Pages;

/// <summary>
/// What every page knows: its language and words, and who is signed in.
/// </summary>
public abstract class UiPage : PageModel
{
    internal UiLanguage Language { get; private set; }

    internal UiText Text { get; private set; } = UiTexts.Chinese;

    internal ClientIdentity? Client { get; private set; }

    /// <summary>The page's title, without the site's name.</summary>
    internal string Title { get; set; } = "";

    /// <summary>True when the agreement the address names does not exist: the page says so, answered 404.</summary>
    internal bool Missing { get; private set; }

    /// <summary>The page answered 404 for an agreement that does not exist.</summary>
    internal IActionResult MissingAgreement()
    {
        Missing = true;
        Title = Text.NotFoundTitle;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        Language = UiLanguages.Of(HttpContext);
        Text = UiText.For(Language);
        Client = HttpContext.User.GetClient();
        await next();
    }
}
