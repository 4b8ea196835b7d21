using Exchange.Access.Audit;
using Exchange.Hub.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Exchange.Hub.Ui.SignIn;

/// <summary>
/// Refusals of the pages are audited as the API's are: a page asked for without a session as the
/// API's missing token, a session without the steward's role or scope as <c>scope.missing</c>, a
/// graduate's session on a page that is not the graduate's as <c>session.graduate-only</c>.
/// </summary>
public sealed class UiSessionEvents(IAuditLog audit, TimeProvider clock) : CookieAuthenticationEvents
{
    /// <summary>The rule of a page asked for without a session; the API's is <c>token.missing</c>.</summary>
    public const string SessionMissing = "session.missing";

    public override async Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        await AuditDenyAsync(context.HttpContext, SessionMissing);
        await base.RedirectToLogin(context);
    }

    public override async Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        var graduate = GraduateSession.SubjectKeyOf(context.HttpContext.User) is not null;
        await AuditDenyAsync(context.HttpContext, graduate ? GraduateSession.GraduateOnly : "scope.missing");
        await base.RedirectToAccessDenied(context);
    }

    private Task AuditDenyAsync(HttpContext context, string rule)
    {
        var client = context.User.GetClient();
        return audit.AppendAsync(new AuditRecord(clock.GetUtcNow(), client?.ClientId ?? "", client?.Organisation ?? "", "", "",
            AuditedRequest.Action(context), [], "deny", rule), context.RequestAborted);
    }
}
