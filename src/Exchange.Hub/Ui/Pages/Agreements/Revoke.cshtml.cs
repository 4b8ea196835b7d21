using Exchange.Access.Agreements;
using Exchange.Hub.Authentication;
using Exchange.Hub.Steward;
using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Language;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Agreements;

/// <summary>
/// Asks, then revokes an agreement from now on, as <c>POST /v1/steward/agreements/{id}/revoke</c>
/// does, for the version the steward was shown.
/// </summary>
public sealed class RevokeModel(AgreementStore store, AgreementWrites writes) : UiPage
{
    internal AgreementResponse? Agreement { get; private set; }

    internal FormProblems Problems { get; private set; } = new();

    [BindProperty(Name = "version")]
    public int? Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } latest)
            return MissingAgreement();
        Agreement = latest.ToResponse();
        Title = Text.RevokeTitle;
        if (latest.Status == AgreementStatus.Revoked)
            Refuse(t => t.AlreadyRevoked);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (Version is not { } expected)
            return await OnGetAsync(id, cancellationToken);
        var result = await writes.RevokeAsync(id, expected, HttpContext.RequireClient(), cancellationToken);
        switch (result.Status)
        {
            case AgreementWriteStatus.Recorded:
                return LocalRedirect($"{UiPaths.History(id)}?revoked={result.Agreement!.Version}");
            case AgreementWriteStatus.NotFound:
                return MissingAgreement();
        }
        Agreement = result.Agreement?.ToResponse();
        Title = Text.ErrorTitlePrefix + Text.RevokeTitle;
        if (result.Status == AgreementWriteStatus.Revoked)
            Refuse(t => t.AlreadyRevoked);
        else
            Problems.Add(new FormProblem("", null, AgreementDisplay.Format(UiTexts.English.VersionConflict, result.Agreement!.Version),
                AgreementDisplay.Format(UiTexts.Chinese.VersionConflict, result.Agreement.Version)));
        return Page();
    }

    private void Refuse(Func<UiText, string> text) => Problems.Add("", text, null);
}
