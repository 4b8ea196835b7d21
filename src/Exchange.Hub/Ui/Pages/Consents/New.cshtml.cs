using Exchange.Hub.Authentication;
using Exchange.Hub.Ui.Consents;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Consents;

/// <summary>Records a consent, as <c>POST /v1/steward/consents</c> does with a canonical consent record.</summary>
public sealed class NewModel(ConsentWrites writes) : ConsentPage
{
    [BindProperty]
    public ConsentForm Form { get; set; } = new();

    public void OnGet() => Title = Words.NewConsentTitle;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var write = await writes.RecordAsync(Form, HttpContext.RequireClient(), cancellationToken);
        if (write.IsRecorded)
            return LocalRedirect($"{OfSubject(write.SubjectKey!)}&recorded={Uri.EscapeDataString(write.RecordId!)}");
        return WithProblems(Words.NewConsentTitle, write.Problems);
    }
}
