using Exchange.Access.Agreements;
using Exchange.Hub.Authentication;
using Exchange.Hub.Steward;
using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Language;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Agreements;

/// <summary>
/// Records a new version of an agreement, as <c>PUT /v1/steward/agreements/{id}</c> does: the
/// form carries the version it was filled from, the API's <c>If-Match</c>.
/// </summary>
public sealed class ReviseModel(AgreementStore store, AgreementWrites writes) : AgreementFormPage
{
    internal Guid AgreementId { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        AgreementId = id;
        if (await store.GetAsync(id, cancellationToken) is not { } latest)
            return MissingAgreement();
        Title = Text.NewVersionTitle;
        var response = latest.ToResponse();
        Form = AgreementForm.From(response);
        Replaces = response.Version;
        if (latest.Status == AgreementStatus.Revoked)
            return WithProblems(Text.NewVersionTitle, Revoked());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        AgreementId = id;
        Replaces = Form.Version;
        if (Form.Version is not { } expected)
            return await OnGetAsync(id, cancellationToken);
        var write = await writes.ReviseAsync(id, expected, Form, HttpContext.RequireClient(), cancellationToken);
        switch (write.Result?.Status)
        {
            case AgreementWriteStatus.Recorded:
                return LocalRedirect($"{UiPaths.History(id)}?recorded={write.Result.Agreement!.Version}");
            case AgreementWriteStatus.NotFound:
                return MissingAgreement();
            case AgreementWriteStatus.Conflict:
                write.Problems.Add(new FormProblem("", null,
                    AgreementDisplay.Format(UiTexts.English.VersionConflict, write.Result.Agreement!.Version),
                    AgreementDisplay.Format(UiTexts.Chinese.VersionConflict, write.Result.Agreement.Version)));
                break;
            case AgreementWriteStatus.Revoked:
                return WithProblems(Text.NewVersionTitle, Revoked());
        }
        return WithProblems(Text.NewVersionTitle, write.Problems);
    }

    private static FormProblems Revoked()
    {
        var problems = new FormProblems();
        problems.Add("", t => t.AlreadyRevoked, null);
        return problems;
    }
}
