using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Exchange.Hub.Ui.Pages;

/// <summary>
/// What a page that failed answers, in the reader's language, inside the site's frame: an outage
/// of the database or the event log is a 503 with <c>Retry-After</c>, as in the API; anything
/// else a 500 with a reference to find it in the log. Reached only by the hub's exception handler,
/// for the failed request's own method, so a form sent during an outage lands here too; a failure
/// outside the pages (an API call no exception handler answered) gets the API's 500 problem.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IProblemDetailsService problems, ILogger<ErrorModel> logger) : UiPage
{
    internal bool Outage { get; private set; }

    internal bool FormSent { get; private set; }

    /// <summary>The request's trace id, which the hub's log carries beside the error.</summary>
    internal string Reference => Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier;

    public Task<IActionResult> OnGetAsync() => AnswerAsync();

    public Task<IActionResult> OnPostAsync() => AnswerAsync();

    private async Task<IActionResult> AnswerAsync()
    {
        if (HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not { } failure)
            return NotFound();

        if (!new PathString(failure.Path).StartsWithSegments(UiPaths.Root))
        {
            Response.StatusCode = StatusCodes.Status500InternalServerError;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = HttpContext,
                Exception = failure.Error,
                ProblemDetails = { Status = StatusCodes.Status500InternalServerError },
            });
            return new EmptyResult();
        }

        if (OutageExceptionHandler.OutageCodeOf(failure.Error) is { } code)
        {
            OutageExceptionHandler.Answered(logger, Request.Method, failure.Path, code, failure.Error);
            Outage = true;
            FormSent = HttpMethods.IsPost(Request.Method);
            Title = Text.UnavailableTitle;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = OutageExceptionHandler.RetryAfterHeader;
        }
        else
        {
            Title = Text.ErrorTitle;
            Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        return Page();
    }
}
