using Exchange.Hub.Authentication;
using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Graduates;
using Exchange.Hub.Ui.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Exchange.Hub.Ui.Pages.Me.Consents;

/// <summary>
/// A graduate gives a consent in two steps: the choice, judged by the consent rules; then its effect
/// said in plain words, and only the confirmation records it.
/// </summary>
public sealed class GiveModel(GraduateConsents consents) : UiPage
{
    [BindProperty]
    public ConsentChoice Choice { get; set; } = new();

    internal FormProblems Problems { get; private set; } = new();

    /// <summary>True when the choice passed the rules and waits for the graduate's confirmation.</summary>
    internal bool Reviewing { get; private set; }

    internal GraduateText Words => GraduateText.For(Language);

    public void OnGet() => Title = Words.GiveTitle;

    /// <summary>Back from the review to the form, filled with the choice.</summary>
    public void OnPostChange() => Title = Words.GiveTitle;

    public async Task<IActionResult> OnPostReviewAsync(CancellationToken cancellationToken)
    {
        var (record, problems) = await consents.JudgeAsync(HttpContext.RequireClient(), HttpContext.RequireSubjectKey(), Choice, cancellationToken);
        if (record is null)
            return WithProblems(problems);
        Reviewing = true;
        Title = Words.ReviewTitle;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        var (outcome, problems) = await consents.GiveAsync(HttpContext.RequireClient(), HttpContext.RequireSubjectKey(), Choice, cancellationToken);
        return outcome switch
        {
            ConsentOutcome.InForce => LocalRedirect($"{UiPaths.MyConsents}?done=given"),
            ConsentOutcome.Pending => LocalRedirect($"{UiPaths.MyConsents}?done=pending"),
            _ => WithProblems(problems),
        };
    }

    private PageResult WithProblems(FormProblems problems)
    {
        Problems = problems;
        Title = Text.ErrorTitlePrefix + Words.GiveTitle;
        return Page();
    }
}
