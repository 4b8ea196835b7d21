using Exchange.Access.Clients;
using Exchange.Access.Tokens;
using Exchange.Hub.Authentication;
using Exchange.Hub.Ui.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.Ui.Pages;

/// <summary>The sign-in page: the organisation's provider, and in development mode the development sign-in.</summary>
public sealed class SignInModel(IOptions<UiOptions> options, IOptions<List<ClientRegistration>> clients) : UiPage
{
    internal bool ProviderEnabled => options.Value.OpenIdConnect.IsEnabled;

    internal bool DevelopmentEnabled => options.Value.DevelopmentSignIn;

    /// <summary>The registered clients the development sign-in offers: the stewards first, each group in the order configured.</summary>
    internal IReadOnlyList<ClientRegistration> Clients =>
        [.. clients.Value.OrderBy(c => c.Role == PartyRole.Steward.Name() ? 0 : 1)];

    [BindProperty(SupportsGet = true, Name = "return")]
    public string? ReturnTo { get; set; }

    [BindProperty(SupportsGet = true, Name = "failed")]
    public bool Failed { get; set; }

    [BindProperty(Name = "client")]
    public string? ClientId { get; set; }

    internal string Destination => UiPaths.IsPageOfUi(ReturnTo) ? ReturnTo! : UiPaths.Agreements;

    public void OnGet() => Title = Text.SignInTitle;

    public IActionResult OnPostProvider()
    {
        if (!ProviderEnabled)
            return NotFound();
        return Challenge(new AuthenticationProperties { RedirectUri = Destination }, UiAuthentication.OpenIdConnectScheme);
    }

    public async Task<IActionResult> OnPostDevelopmentAsync()
    {
        if (!DevelopmentEnabled)
            return NotFound();
        var registration = clients.Value.Find(c => string.Equals(c.ClientId, ClientId, StringComparison.Ordinal));
        if (registration is null)
        {
            Title = Text.SignInTitle;
            Failed = true;
            return Page();
        }
        var client = registration.ToRegisteredClient();
        var principal = ClientPrincipal.Create(new ClientIdentity(client.ClientId, client.Organisation, client.Role, client.AllowedScopes));
        await HttpContext.SignInAsync(UiAuthentication.SessionScheme, principal);
        return LocalRedirect(Destination);
    }
}
