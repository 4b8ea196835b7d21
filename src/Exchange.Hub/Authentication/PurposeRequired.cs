using Exchange.Access.Clients;
using Exchange.Access.Enforcement;
using Exchange.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Exchange.Hub.Authentication;

/// <summary>
/// The one answer to a read of personal data that declares no purpose, or one the hub does not
/// know: the refusal audited (rule <c>purpose.missing</c>) before a 400 <c>purpose-required</c>.
/// </summary>
internal static class PurposeRequired
{
    public const string AnyPurpose = "Declare the purpose of the read: purpose=matching, service-delivery, statistics or research.";

    public static async Task<ProblemHttpResult> RefuseAsync(ReleaseService release, ClientIdentity caller, string action, DateTimeOffset at,
        CancellationToken cancellationToken, string detail = AnyPurpose, IDictionary<string, object?>? extensions = null)
    {
        await release.AuditPurposeMissingAsync(caller, action, at, cancellationToken);
        return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Purpose required", detail: detail,
            type: ProblemTypes.For("purpose-required"), extensions: extensions);
    }
}
