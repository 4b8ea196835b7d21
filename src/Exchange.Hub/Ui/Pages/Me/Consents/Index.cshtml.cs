using Exchange.Access.Consent;
using Exchange.Hub.Ui.Graduates;
using Exchange.Hub.Ui.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Me.Consents;

/// <summary>The graduate's consents, as the store holds them for the session's subject.</summary>
public sealed class IndexModel(GraduateConsents consents, TimeProvider clock) : UiPage
{
    internal IReadOnlyList<ConsentGrant> Consents { get; private set; } = [];

    internal GraduateText Words => GraduateText.For(Language);

    internal DateTimeOffset Now { get; private set; }

    /// <summary>What was just done, to say so: <c>given</c>, <c>pending</c> or <c>withdrawn</c>.</summary>
    [BindProperty(SupportsGet = true, Name = "done")]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Title = Words.ConsentsTitle;
        Now = clock.GetUtcNow();
        Consents = [.. (await consents.ListAsync(HttpContext.RequireSubjectKey(), cancellationToken)).OrderByDescending(c => c.GivenAt)];
    }
}
