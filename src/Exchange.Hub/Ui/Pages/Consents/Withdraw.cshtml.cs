using Exchange.Access.Consent;
using Exchange.Hub.Authentication;
using Exchange.Hub.Steward;
using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Consents;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Consents;

/// <summary>
/// Asks, then withdraws one consent from now on, as
/// <c>POST /v1/steward/consents/{sourceOrganisation}/{sourceRecordId}/withdraw</c> does. Showing the
/// consent to confirm is a read of the subject's consents, audited as one.
/// </summary>
public sealed class WithdrawModel(StewardConsentReads reads, ConsentWrites writes) : ConsentPage
{
    internal ConsentResponse? Consent { get; private set; }

    public async Task<IActionResult> OnGetAsync(string sourceOrganisation, string sourceRecordId, CancellationToken cancellationToken)
    {
        if (await reads.FindAsync(sourceOrganisation, sourceRecordId, HttpContext, cancellationToken) is not { } consent)
            return MissingConsent();
        Consent = consent.ToResponse();
        Title = Words.WithdrawTitle;
        if (consent.Status == ConsentStatus.Withdrawn)
            return WithProblems(Words.WithdrawTitle, Refusal(c => c.AlreadyWithdrawn));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string sourceOrganisation, string sourceRecordId, CancellationToken cancellationToken)
    {
        var withdrawal = await writes.WithdrawAsync(sourceOrganisation, sourceRecordId, HttpContext.RequireClient(), cancellationToken);
        Consent = withdrawal.Consent?.ToResponse();
        return withdrawal.Outcome switch
        {
            ConsentWithdrawalOutcome.Withdrawn =>
                LocalRedirect($"{OfSubject(Consent!.SubjectKey)}&withdrawn={Uri.EscapeDataString(sourceRecordId)}"),
            ConsentWithdrawalOutcome.NotFound => MissingConsent(),
            ConsentWithdrawalOutcome.AlreadyWithdrawn => WithProblems(Words.WithdrawTitle, Refusal(c => c.AlreadyWithdrawn)),
            _ => WithProblems(Words.WithdrawTitle, Refusal(c => c.NotYetInForce)),
        };
    }

    private static FormProblems Refusal(Func<ConsentText, string> text)
    {
        var problems = new FormProblems();
        problems.Add(ConsentTexts.Problem("", text));
        return problems;
    }
}
