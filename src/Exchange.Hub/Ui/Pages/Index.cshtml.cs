using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages;

/// <summary><c>/ui</c>: the agreements are the pages' first task; a graduate's is their own data.</summary>
public sealed class IndexModel : UiPage
{
    public IActionResult OnGet() =>
        LocalRedirect(Exchange.Hub.Ui.SignIn.GraduateSession.SubjectKeyOf(User) is null ? UiPaths.Agreements : UiPaths.Me);
}
