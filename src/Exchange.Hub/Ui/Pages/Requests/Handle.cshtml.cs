using Exchange.Access.Requests;
using Exchange.Hub.Authentication;
using Exchange.Hub.Ui.Agreements;
using Exchange.Hub.Ui.Graduates;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Exchange.Hub.Ui.Pages.Requests;

/// <summary>A steward marks a graduate's request handled, with a note of what was done that the graduate reads.</summary>
public sealed class HandleModel(GraduateRequests requests) : UiPage
{
    internal SubjectRequest? Asked { get; private set; }

    internal FormProblems Problems { get; private set; } = new();

    internal GraduateText Words => GraduateText.For(Language);

    [BindProperty(Name = "note")]
    public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Asked = await requests.FindAsync(id, cancellationToken);
        if (Asked is null)
            return NoSuchRequest();
        Title = Words.HandleTitle;
        if (!Asked.IsOpen)
            Problems.Add(new FormProblem("", "request.not-open", GraduateTexts.English.RequestNotOpen, GraduateTexts.Chinese.RequestNotOpen));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Note) || Note.Trim().Length > RequestForm.MostCharacters)
        {
            var result = await OnGetAsync(id, cancellationToken);
            if (Asked is null)
                return result;
            Problems.Add(new FormProblem(RequestFields.Note, "request.note-required", GraduateTexts.English.NoteRequired, GraduateTexts.Chinese.NoteRequired));
            Title = Text.ErrorTitlePrefix + Words.HandleTitle;
            return Page();
        }
        if (await requests.HandleAsync(HttpContext.RequireClient(), id, Note, AuditedRequest.Action(HttpContext), cancellationToken) is not null)
            return LocalRedirect($"{UiPaths.Requests}?handled=true");
        return await OnGetAsync(id, cancellationToken);
    }

    private PageResult NoSuchRequest()
    {
        Title = Text.NotFoundTitle;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
