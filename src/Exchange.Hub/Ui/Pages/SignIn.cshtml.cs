using Exchange.Access.Clients;
using Exchange.Access.Tokens;
using Exchange.Core.Pseudonymisation;
using Exchange.Hub.Authentication;
using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Graduates;
using Exchange.Hub.Ui.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.Ui.Pages;

/// <summary>The sign-in page: the organisation's provider, and in development mode the development sign-in.</summary>
public sealed class SignInModel(IOptions<UiOptions> options, IOptions<List<ClientRegistration>> clients, Pseudonymiser pseudonymiser) : UiPage
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

    /// <summary>The universities the development sign-in may sign a graduate in through.</summary>
    internal IReadOnlyList<ClientRegistration> Universities =>
        [.. clients.Value.Where(c => c.Role == PartyRole.University.Name())];

    [BindProperty(Name = "university")]
    public string? University { get; set; }

    [BindProperty(Name = "residentId")]
    public string? ResidentId { get; set; }

    /// <summary>The problems of the development sign-in's graduate form.</summary>
    internal FormProblems GraduateProblems { get; private set; } = new();

    internal GraduateText Words => GraduateText.For(Language);

    // The pages' root sends each session where it belongs: a steward to the agreements, a graduate to their own data.
    internal string Destination => UiPaths.IsPageOfUi(ReturnTo) ? ReturnTo! : UiPaths.Root;

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

    /// <summary>
    /// Development only: signs in as the graduate whose resident id is typed, vouched for by a
    /// registered university. The id is pseudonymised here, as a provider's claim is, and never kept.
    /// </summary>
    public async Task<IActionResult> OnPostGraduateAsync()
    {
        if (!DevelopmentEnabled)
            return NotFound();
        var registration = clients.Value.Find(c => string.Equals(c.ClientId, University, StringComparison.Ordinal) && c.Role == PartyRole.University.Name());
        var subjectKey = string.IsNullOrWhiteSpace(ResidentId) ? null : pseudonymiser.SubjectKeyOf(ResidentId);
        // The typed id goes back to nobody: the form comes back empty, with the problem on its field.
        ResidentId = null;
        if (registration is null || subjectKey is null)
        {
            Title = Text.ErrorTitlePrefix + Text.SignInTitle;
            GraduateProblems = ResidentIdProblem();
            return Page();
        }
        await HttpContext.SignInAsync(UiAuthentication.SessionScheme, GraduateSession.Create(registration.ToRegisteredClient(), subjectKey, null));
        return LocalRedirect(UiPaths.IsPageOfUi(ReturnTo) ? ReturnTo! : UiPaths.Me);
    }

    private static FormProblems ResidentIdProblem()
    {
        var problems = new FormProblems();
        problems.Add(new FormProblem(GraduateFields.ResidentId, GraduateFields.ResidentIdInvalidCode,
            GraduateTexts.English.ResidentIdInvalid, GraduateTexts.Chinese.ResidentIdInvalid));
        return problems;
    }
}
