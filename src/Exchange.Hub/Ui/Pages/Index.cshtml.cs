using Exchange.Access.Clients;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages;

/// <summary>
/// <c>/ui</c>: the agreements are the pages' first task; a graduate's is their own data, and a
/// bureau's, whose session may read reports and never agreements, the reports.
/// </summary>
public sealed class IndexModel : UiPage
{
    public IActionResult OnGet() =>
        LocalRedirect(Exchange.Hub.Ui.SignIn.GraduateSession.SubjectKeyOf(User) is not null ? UiPaths.Me
            : Client is { Role: PartyRole.Bureau } reader && reader.Has(Scopes.ReportsRead) ? UiPaths.Reports
            : UiPaths.Agreements);
}
