using Exchange.Access.Agreements;
using Exchange.Access.Consent;
using Exchange.Hub.Authentication;
using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Graduates;
using Exchange.Hub.Ui.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Exchange.Hub.Ui.Pages.Me.Consents;

/// <summary>
/// Says what withdrawing one consent does, then withdraws it from now on — the whole consent, or
/// part of it: the categories and purposes the graduate ticks to keep go on as a new consent, said
/// in words and confirmed first. Only a consent of the session's own subject is found: any other
/// address answers 404, as a consent that does not exist.
/// </summary>
public sealed class WithdrawModel(GraduateConsents consents) : UiPage
{
    internal ConsentGrant? Consent { get; private set; }

    internal FormProblems Problems { get; private set; } = new();

    [BindProperty(Name = "keepCategories")]
    public List<string> KeepCategories { get; set; } = [];

    [BindProperty(Name = "keepPurposes")]
    public List<string> KeepPurposes { get; set; } = [];

    [BindProperty(Name = "confirmed")]
    public bool Confirmed { get; set; }

    /// <summary>True when part of the consent is to be kept and the page says what that does, waiting for the confirmation.</summary>
    internal bool Reviewing { get; private set; }

    /// <summary>The consent's categories the graduate keeps: those ticked, or all of them when none is.</summary>
    internal IReadOnlyList<string> KeptCategories { get; private set; } = [];

    /// <summary>The consent's purposes the graduate keeps: those ticked, or all of them when none is.</summary>
    internal IReadOnlyList<string> KeptPurposes { get; private set; } = [];

    /// <summary>The id of the first box to keep a part by, where a problem with the choice is shown.</summary>
    internal static string KeepField(ConsentGrant consent) => consent.Categories.Count > 1
        ? AgreementFields.ChoiceId("keep-categories", consent.Categories.Order().First().Name())
        : AgreementFields.ChoiceId("keep-purposes", consent.Purposes.Order().First().Name());

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
        if (KeepCategories.Count > 0 || KeepPurposes.Count > 0)
            return await NarrowAsync(sourceOrganisation, sourceRecordId, cancellationToken);
        var outcome = await consents.WithdrawAsync(HttpContext.RequireClient(), HttpContext.RequireSubjectKey(), sourceOrganisation, sourceRecordId, cancellationToken);
        return outcome switch
        {
            ConsentOutcome.InForce => LocalRedirect($"{UiPaths.MyConsents}?done=withdrawn"),
            ConsentOutcome.Pending => LocalRedirect($"{UiPaths.MyConsents}?done=pending"),
            ConsentOutcome.NotFound => NoSuchConsent(),
            _ => await OnGetAsync(sourceOrganisation, sourceRecordId, cancellationToken),
        };
    }

    private async Task<IActionResult> NarrowAsync(string sourceOrganisation, string sourceRecordId, CancellationToken cancellationToken)
    {
        var subjectKey = HttpContext.RequireSubjectKey();
        Consent = await consents.FindOwnAsync(subjectKey, sourceOrganisation, sourceRecordId, cancellationToken);
        if (Consent is null)
            return NoSuchConsent();
        if (Consent.Status == ConsentStatus.Withdrawn)
            return await OnGetAsync(sourceOrganisation, sourceRecordId, cancellationToken);
        var categories = Consent.Categories.Order().Select(c => c.Name()).ToList();
        var purposes = Consent.Purposes.Order().Select(p => p.Name()).ToList();
        KeptCategories = KeepCategories.Count == 0 ? categories : [.. categories.Where(KeepCategories.Contains)];
        KeptPurposes = KeepPurposes.Count == 0 ? purposes : [.. purposes.Where(KeepPurposes.Contains)];
        Title = Words.WithdrawTitle;
        if (KeptCategories.Count == 0 || KeptPurposes.Count == 0 || (KeptCategories.Count == categories.Count && KeptPurposes.Count == purposes.Count))
        {
            // Ticked boxes this consent has none of, or every box: no part to keep and withdraw the rest of.
            Problems.Add(KeepField(Consent), _ => GraduateTexts.Chinese.NothingWithdrawn, GraduateTexts.English.NothingWithdrawn, "consent.nothing-withdrawn");
            Title = Text.ErrorTitlePrefix + Words.WithdrawTitle;
            return Page();
        }
        if (!Confirmed)
        {
            Reviewing = true;
            Title = Words.NarrowTitle;
            return Page();
        }
        var (outcome, problems) = await consents.NarrowAsync(HttpContext.RequireClient(), subjectKey, Consent, KeptCategories, KeptPurposes, cancellationToken);
        if (outcome == ConsentOutcome.Refused)
        {
            // The new consent's rules speak of the consent form's fields, which this page has not: they are said above the choice.
            Problems = new FormProblems();
            foreach (var problem in problems.All)
                Problems.Add(problem with { Field = "" });
            Title = Text.ErrorTitlePrefix + Words.WithdrawTitle;
            return Page();
        }
        return LocalRedirect($"{UiPaths.MyConsents}?done={(outcome == ConsentOutcome.InForce ? "narrowed" : "pending")}");
    }

    private PageResult NoSuchConsent()
    {
        Consent = null;
        Title = Text.NotFoundTitle;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
