using Exchange.Access.Agreements;
using Exchange.Access.Clients;

namespace Exchange.Access.Decisions;

/// <summary>
/// One read to decide: who asks, for what declared purpose, about which subject, for which fields.
/// Field names are the published record's JSON property paths, e.g. <c>graduate/name</c>,
/// <c>graduate/contact/phone</c>, <c>certification/disabilityGrade</c>, <c>derived/eligibility</c>.
/// </summary>
/// <param name="Caller">The caller.</param>
/// <param name="Purpose">The declared purpose; a read without one is denied before it gets here.</param>
/// <param name="SubjectKey">The subject's linkage key.</param>
/// <param name="RequestedFields">The fields asked for.</param>
/// <param name="At">When the read happens; agreements and consents are judged at this instant.</param>
public sealed record AccessRequest(ClientIdentity Caller, Purpose Purpose, string SubjectKey, IReadOnlySet<string> RequestedFields, DateTimeOffset At)
{
    /// <summary>
    /// Whose data is read (the providing organisation's credit code). Agreements that name a
    /// provider apply only when it matches; when null, only agreements covering any provider apply.
    /// </summary>
    public string? ProviderOrganisation { get; init; }

    /// <summary>
    /// The <c>certificationType</c> (code list <c>hardship-type</c>) of the certification being read.
    /// It decides whether the certification's common fields (type, validity, issuer, status) are
    /// hardship or disability data. When null, those fields need both categories.
    /// </summary>
    public string? CertificationType { get; init; }
}

/// <summary>The answer: the fields the caller may see (empty means deny), and the rule that decided.</summary>
/// <param name="AllowedFields">Fields that may be released; every other field is removed before serialisation.</param>
/// <param name="Rule">A stable name of the rule that decided, e.g. <c>consent.withdrawn</c>; recorded in the audit.</param>
/// <param name="SubjectHandle">How the caller must refer to the subject: a pseudonymous handle stable per grantee, unless the subject consented to be identified to this caller.</param>
public sealed record AccessDecision(IReadOnlySet<string> AllowedFields, string Rule, string SubjectHandle)
{
    /// <summary>True when nothing may be released.</summary>
    public bool IsDenied => AllowedFields.Count == 0;
}

/// <summary>The one policy decision point every read path goes through. Default deny.</summary>
public interface IPolicyDecisionPoint
{
    /// <summary>Decides one request. Never throws for a denied request: denial is an answer.</summary>
    AccessDecision Decide(AccessRequest request);

    /// <summary>
    /// Whose subjects <paramref name="caller"/> may count in aggregate statistics needing
    /// <paramref name="categories"/> at <paramref name="at"/> (see <see cref="StatisticsScope"/>).
    /// </summary>
    StatisticsScope DecideStatistics(ClientIdentity caller, IReadOnlySet<DataCategory> categories, DateTimeOffset at);

    /// <summary>
    /// The subjects whose consent in force at <paramref name="at"/> names the caller, the purpose
    /// statistics and every one of <paramref name="categories"/> (a separate consent where one is
    /// sensitive): those a consent-based grant counts.
    /// </summary>
    IReadOnlyList<string> SubjectsConsentingToStatistics(ClientIdentity caller, IReadOnlySet<DataCategory> categories, DateTimeOffset at);
}
