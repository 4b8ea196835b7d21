using Exchange.Access.Requests;
using Exchange.Hub.Authentication;
using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Graduates;
using Exchange.Hub.Ui.SignIn;
using Exchange.Index.Queries;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages.Me.Requests;

/// <summary>
/// A graduate asks for a correction or deletion (PIPL arts. 46–47): of one of their own records —
/// the choice is checked against the records the index holds of the session's subject — or of all.
/// </summary>
public sealed class NewModel(GraduateRequests requests, SubjectRecordReader reader) : UiPage
{
    [BindProperty]
    public RequestForm Form { get; set; } = new() { Contact = "university" };

    internal FormProblems Problems { get; private set; } = new();

    internal IReadOnlyList<RecordReference> Records { get; private set; } = [];

    internal GraduateText Words => GraduateText.For(Language);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Title = Words.NewRequest;
        Records = await OwnRecordsAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Records = await OwnRecordsAsync(cancellationToken);
        var (request, problems) = await requests.MakeAsync(HttpContext.RequireClient(), HttpContext.RequireSubjectKey(), Form, Records,
            AuditedRequest.Action(HttpContext), cancellationToken);
        if (request is not null)
            return LocalRedirect($"{UiPaths.MyRequests}?sent=true");
        Problems = problems;
        Title = Text.ErrorTitlePrefix + Words.NewRequest;
        return Page();
    }

    private async Task<IReadOnlyList<RecordReference>> OwnRecordsAsync(CancellationToken cancellationToken) =>
        [.. (await reader.LatestBySubjectAsync(HttpContext.RequireSubjectKey(), cancellationToken)).Select(r => new RecordReference(r.Kind, r.SourceOrganisation, r.SourceRecordId))];
}
