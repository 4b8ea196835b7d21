using Exchange.Hub.Ui.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages;

/// <summary>Ends the session; only by a posted form, so that no link on another site can sign a steward out.</summary>
public sealed class SignOutModel : UiPage
{
    public IActionResult OnGet() => LocalRedirect(UiPaths.SignIn);

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(UiAuthentication.SessionScheme);
        return LocalRedirect(UiPaths.SignIn);
    }
}
