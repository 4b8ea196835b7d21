using Exchange.Access.Requests;
using Exchange.Hub.Ui.Graduates;
using Exchange.Hub.Ui.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Me.Requests;

/// <summary>The graduate's requests to correct or delete, with their status and the steward's note.</summary>
public sealed class IndexModel(GraduateRequests requests) : UiPage
{
    internal IReadOnlyList<SubjectRequest> Requests { get; private set; } = [];

    internal GraduateText Words => GraduateText.For(Language);

    [BindProperty(SupportsGet = true, Name = "sent")]
    public bool Sent { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Title = Words.RequestsTitle;
        Requests = await requests.ListOwnAsync(HttpContext.RequireSubjectKey(), cancellationToken);
    }
}
