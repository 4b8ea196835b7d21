using Exchange.Access.Requests;
using Exchange.Hub.Ui.Graduates;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Requests;

/// <summary>The stewards' queue of graduates' open requests to correct or delete, oldest first.</summary>
public sealed class IndexModel(GraduateRequests requests) : UiPage
{
    internal IReadOnlyList<SubjectRequest> Open { get; private set; } = [];

    internal GraduateText Words => GraduateText.For(Language);

    [BindProperty(SupportsGet = true, Name = "handled")]
    public bool JustHandled { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Title = Words.OpenRequestsTitle;
        Open = await requests.ListOpenAsync(cancellationToken);
    }
}
