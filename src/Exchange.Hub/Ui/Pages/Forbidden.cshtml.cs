namespace Exchange.Hub.Ui.Pages;

/// <summary>Where a signed-in caller without the steward's role or scope is sent: answered 403.</summary>
public sealed class ForbiddenModel : UiPage
{
    public void OnGet()
    {
        Title = Text.ForbiddenTitle;
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
