using Exchange.Access.Audit;
using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Audit;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Exchange.Hub.Ui.Pages.Audit;

/// <summary>
/// Verifies the audit chain as <c>exchange audit verify</c> does — every hash recomputed in order,
/// the end compared with the stored head, and with an anchor published earlier, if given — and
/// says plainly whether it is intact or where it broke.
/// </summary>
public sealed class VerifyModel(NpgsqlDataSource dataSource) : AuditPage
{
    public const string AnchorField = "anchor";

    [BindProperty(Name = "anchor")]
    public string? Anchor { get; set; }

    internal AuditVerification? Result { get; private set; }

    public void OnGet() => Title = Words.VerifyTitle;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Title = Words.VerifyTitle;
        AuditHead? anchor = null;
        if (!string.IsNullOrWhiteSpace(Anchor) && !AuditHead.TryParse(Anchor.Trim(), out anchor))
        {
            Problems = new FormProblems();
            Problems.Add(AuditTexts.Problem(AnchorField, a => a.AnchorInvalid));
            Title = Text.ErrorTitlePrefix + Words.VerifyTitle;
            return Page();
        }
        Result = await AuditVerifier.VerifyAsync(dataSource, anchor, cancellationToken);
        return Page();
    }
}
