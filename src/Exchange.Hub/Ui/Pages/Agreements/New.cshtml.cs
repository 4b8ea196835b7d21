using Exchange.Hub.Authentication;
using Exchange.Hub.Ui.Agreements;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Agreements;

/// <summary>Records a new agreement, as <c>POST /v1/steward/agreements</c> does.</summary>
public sealed class NewModel(AgreementWrites writes) : AgreementFormPage
{
    public void OnGet() => Title = Text.NewAgreementTitle;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var write = await writes.CreateAsync(Form, HttpContext.RequireClient(), cancellationToken);
        if (write.IsRecorded)
            return LocalRedirect($"{UiPaths.History(write.Result!.Agreement!.Id)}?recorded={write.Result.Agreement.Version}");
        return WithProblems(Text.NewAgreementTitle, write.Problems);
    }
}
