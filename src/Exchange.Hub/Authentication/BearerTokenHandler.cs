using System.Text.Encodings.Web;
using Exchange.Access.Audit;
using Exchange.Access.Tokens;
using Exchange.Core.Validation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Exchange.Hub.Authentication;

/// <summary>
/// Authenticates <c>Authorization: Bearer</c> tokens through the access layer's validator. A
/// rejected or missing token is answered 401 with problem details that say nothing about why —
/// the reason goes to the audit log only, so an attacker learns nothing from the answer.
/// </summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ITokenValidator validator,
    IAuditLog audit,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string FailureKey = "exchange.token-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        // No token is no result, not a failure: anonymous endpoints (/health, probed every few
        // seconds) would log a failure each time. An endpoint that needs a token challenges, and
        // the challenge audits the refusal as token.missing.
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Fail("token.malformed");

        var outcome = await validator.ValidateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        return outcome.Client is { } client
            ? AuthenticateResult.Success(new AuthenticationTicket(ClientPrincipal.Create(client), ClientPrincipal.Scheme))
            : Fail(outcome.FailureReason ?? "token.invalid");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var reason = Context.Items[FailureKey] as string ?? "token.missing";
        await audit.AppendAsync(new AuditRecord(clock.GetUtcNow(), "", "", AuditedRequest.Purpose(Context), "",
            AuditedRequest.Action(Context), [], "deny", reason), Context.RequestAborted);

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Authentication required",
            detail: "Send a valid bearer token issued by a trusted issuer for a registered client.",
            type: ProblemTypes.For("unauthenticated")).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var client = Context.User.GetClient();
        await audit.AppendAsync(new AuditRecord(clock.GetUtcNow(), client?.ClientId ?? "", client?.Organisation ?? "",
            AuditedRequest.Purpose(Context), "", AuditedRequest.Action(Context), [], "deny", "scope.missing"), Context.RequestAborted);

        await Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Not allowed",
            detail: Context.Items[RecordsWriteRequirement.RequiredScopeKey] is string scope
                ? $"This client's role or scopes do not allow this call: it needs the scope {scope}."
                : "This client's role or scopes do not allow this call.",
            type: ProblemTypes.For("forbidden")).ExecuteAsync(Context);
    }

    private AuthenticateResult Fail(string reason)
    {
        Context.Items[FailureKey] = reason;
        return AuthenticateResult.Fail(reason);
    }
}
