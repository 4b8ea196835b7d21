using Exchange.Hub.Ui.Agreements;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Agreements;

/// <summary>A page with the agreement form: a new agreement, or a new version of one.</summary>
public abstract class AgreementFormPage : UiPage
{
    [BindProperty]
    public AgreementForm Form { get; set; } = new() { OnWithdrawal = "retain" };

    internal FormProblems Problems { get; set; } = new();

    /// <summary>The version the form replaces; null for a new agreement.</summary>
    internal int? Replaces { get; set; }

    /// <summary>Answers the form again with its problems, the title saying there are some.</summary>
    internal IActionResult WithProblems(string title, FormProblems problems)
    {
        Problems = problems;
        Title = Text.ErrorTitlePrefix + title;
        return Page();
    }
}
