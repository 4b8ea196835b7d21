using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages;

/// <summary>Where a signed-in caller without the role or scope a page needs is sent: answered 403, saying what that page needs.</summary>
public sealed class ForbiddenModel : UiPage
{
    /// <summary>The page that was refused, as the sign-in cookie's handler passes it.</summary>
    [BindProperty(SupportsGet = true, Name = "return")]
    public string? ReturnTo { get; set; }

    /// <summary>What the refused page needs, in the reader's language: the audit's scope, a graduate's own session, the reports' scope, or the steward's scope.</summary>
    internal string Reason =>
        Under(UiPaths.Audit) ? Text.ForbiddenAuditText
        : Under(UiPaths.Me) ? Text.ForbiddenGraduateText
        : Under(UiPaths.Reports) ? Exchange.Hub.Ui.Reports.ReportPageText.For(Language).Forbidden
        : Text.ForbiddenText;

    public void OnGet()
    {
        Title = Text.ForbiddenTitle;
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }

    private bool Under(string root) =>
        ReturnTo is { } page && (page == root || page.StartsWith(root + "/", StringComparison.Ordinal) || page.StartsWith(root + "?", StringComparison.Ordinal));
}
