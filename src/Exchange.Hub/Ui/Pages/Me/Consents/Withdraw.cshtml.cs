using Exchange.Access.Consent;
using Exchange.Hub.Authentication;
using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Graduates;
using Exchange.Hub.Ui.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Exchange.Hub.Ui.Pages.Me.Consents;

/// <summary>
/// Says what withdrawing one consent does, then withdraws it from now on. Only a consent of the
/// session's own subject is found: any other address answers 404, as a consent that does not exist.
/// </summary>
public sealed class WithdrawModel(GraduateConsents consents) : UiPage
{
    internal ConsentGrant? Consent { get; private set; }

    internal FormProblems Problems { get; } = new();

    internal GraduateText Words => GraduateText.For(Language);

    public async Task<IActionResult> OnGetAsync(string sourceOrganisation, string sourceRecordId, CancellationToken cancellationToken)
    {
        Consent = await consents.FindOwnAsync(HttpContext.RequireSubjectKey(), sourceOrganisation, sourceRecordId, cancellationToken);
        if (Consent is null)
            return NoSuchConsent();
        Title = Words.WithdrawTitle;
        if (Consent.Status == ConsentStatus.Withdrawn)
            Problems.Add("", _ => GraduateTexts.Chinese.AlreadyWithdrawn, GraduateTexts.English.AlreadyWithdrawn, "consent.already-withdrawn");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string sourceOrganisation, string sourceRecordId, CancellationToken cancellationToken)
    {
        var outcome = await consents.WithdrawAsync(HttpContext.RequireClient(), HttpContext.RequireSubjectKey(), sourceOrganisation, sourceRecordId, cancellationToken);
        return outcome switch
        {
            ConsentOutcome.InForce => LocalRedirect($"{UiPaths.MyConsents}?done=withdrawn"),
            ConsentOutcome.Pending => LocalRedirect($"{UiPaths.MyConsents}?done=pending"),
            ConsentOutcome.NotFound => NoSuchConsent(),
            _ => await OnGetAsync(sourceOrganisation, sourceRecordId, cancellationToken),
        };
    }

    private PageResult NoSuchConsent()
    {
        Consent = null;
        Title = Text.NotFoundTitle;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
