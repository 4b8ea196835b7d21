using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages;

/// <summary><c>/ui</c>: the agreements are the pages' first task.</summary>
public sealed class IndexModel : UiPage
{
    public IActionResult OnGet() => LocalRedirect(UiPaths.Agreements);
}
