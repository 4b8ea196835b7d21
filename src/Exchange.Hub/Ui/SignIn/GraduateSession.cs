using System.Security.Claims;
using Exchange.Access.Clients;
using Exchange.Access.Tokens;
using Exchange.Hub.Authentication;

namespace Exchange.Hub.Ui.SignIn;

/// <summary>
/// A graduate's session: the university client the graduate signed in through, with no scope of its
/// own, and the subject it is bound to — the linkage key the graduate's resident id pseudonymises to,
/// never the id. Only the pages under <c>/ui/me</c> accept it; every steward page refuses it.
/// </summary>
public static class GraduateSession
{
    /// <summary>The session's claim holding the graduate's linkage key.</summary>
    public const string SubjectClaim = "subject_key";

    /// <summary>The pages' policy for <c>/ui/me</c>: a session bound to a subject.</summary>
    public const string Policy = "ui-graduate";

    /// <summary>The rule audited when a graduate's session asks for a page that is not the graduate's.</summary>
    public const string GraduateOnly = "session.graduate-only";

    /// <summary>The rule audited when a provider's token carries a resident id that is not one.</summary>
    public const string ResidentIdInvalid = "session.resident-id-invalid";

    /// <summary>A graduate's principal: the university client, no scopes, and the subject's linkage key.</summary>
    public static ClaimsPrincipal Create(RegisteredClient university, string subjectKey, string? person)
    {
        var principal = ClientPrincipal.Create(new ClientIdentity(university.ClientId, university.Organisation, university.Role, new HashSet<string>()));
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.AddClaim(new Claim(SubjectClaim, subjectKey));
        if (person is not null)
            identity.AddClaim(new Claim(OpenIdConnectSignIn.PersonClaim, person));
        return principal;
    }

    /// <summary>The linkage key of the graduate signed in; null for any other session.</summary>
    public static string? SubjectKeyOf(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? principal.FindFirstValue(SubjectClaim) : null;

    /// <summary>The signed-in graduate's linkage key, on a page the graduate policy guards.</summary>
    public static string RequireSubjectKey(this HttpContext context) =>
        SubjectKeyOf(context.User) ?? throw new InvalidOperationException("The page must require the graduate policy.");

    /// <summary>True when the client may open a graduate's session: only a university vouches for its graduates.</summary>
    public static bool MayVouchForGraduates(RegisteredClient client) => client.Role == PartyRole.University;
}
