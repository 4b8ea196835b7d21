using Exchange.Access.Consent;
using Exchange.Access.Decisions;
using Exchange.Core.Pseudonymisation;
using Exchange.Core.Validation;
using Exchange.Hub.Steward;
using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Consents;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Consents;

/// <summary>
/// A subject's consents, as <c>GET /v1/steward/consents?subject=</c> lists them (and audits the read). The subject is
/// found by linkage key, by a handle read in the audit, or by a resident id posted (never in an address, where logs and history
/// would keep it) and turned into the linkage key here, as the door does.
/// </summary>
public sealed class IndexModel(StewardConsentReads reads, LinkageKeys linkageKeys) : ConsentPage
{
    [BindProperty(SupportsGet = true, Name = "subject")]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true, Name = "recorded")]
    public string? Recorded { get; set; }

    [BindProperty(SupportsGet = true, Name = "withdrawn")]
    public string? Withdrawn { get; set; }

    [BindProperty(Name = "residentId")]
    public string? ResidentId { get; set; }

    internal IReadOnlyList<ConsentResponse>? Consents { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Title = Words.ConsentsTitle;
        Subject = string.IsNullOrWhiteSpace(Subject) ? null : Subject.Trim();
        if (Subject is not null && SubjectHandles.IsHandle(Subject))
        {
            // A handle read in the audit leads to the linkage key's address, as a resident id does.
            if (await reads.SubjectKeyOfAsync(Subject, HttpContext, cancellationToken) is { } key)
                return LocalRedirect(OfSubject(key));
            var problems = new FormProblems();
            problems.Add(ConsentTexts.Problem(ConsentFields.SubjectKey, c => c.HandleUnknown));
            return WithProblems(Words.ConsentsTitle, problems);
        }
        if (Subject is not null)
            Consents = [.. (await reads.ListBySubjectAsync(Subject, HttpContext, cancellationToken)).Select(g => g.ToResponse())];
        return Page();
    }

    public IActionResult OnPost()
    {
        Title = Words.ConsentsTitle;
        var problems = new FormProblems();
        if (string.IsNullOrWhiteSpace(ResidentId))
            problems.Add(ConsentTexts.Problem(ConsentFields.SearchResidentId, c => c.ResidentIdRequired));
        else if (linkageKeys.KeyFor(ResidentId) is { } key)
            return LocalRedirect(OfSubject(key));
        else
            problems.Add(ResidentIdProblems.Of(Core.Identifiers.ResidentId.Parse(ResidentId).Error, "") is { } problem
                ? new FormProblem(ConsentFields.SearchResidentId, problem.Code, problem.Message, problem.MessageZh)
                : ConsentTexts.Problem(ConsentFields.SearchResidentId, c => c.ResidentIdRequired));
        // The id typed is not shown again: the field starts empty.
        ResidentId = null;
        return WithProblems(Words.ConsentsTitle, problems);
    }
}
