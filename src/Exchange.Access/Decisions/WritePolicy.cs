using System.Globalization;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Core.Model;
using Exchange.Core.Validation;

namespace Exchange.Access.Decisions;

/// <summary>
/// Who may write which record: the scope <c>records:write:&lt;kind&gt;</c>, and the object-level
/// rules — a university writes only records of its own institution, an employer only its own
/// vacancies and placements, a bureau only certifications and policies it issues. A record that
/// breaks an object-level rule is rejected on its own; the rest of the batch goes on.
/// </summary>
/// <remarks>
/// A consent is a write about someone else's data, so it has rules of its own: only a steward or
/// the subject's own institution (an organisation that holds a graduate record of the subject)
/// may record or withdraw one, and no organisation records a consent that names itself as
/// grantee — it holds its own data already, so such a consent could only ever open another
/// provider's data to it.
/// </remarks>
/// <param name="institutionOf">The Ministry of Education institution code of a university organisation (by credit code), when registered.</param>
/// <param name="holdsGraduate">True when an organisation (credit code) holds a graduate record of a subject (linkage key).</param>
/// <param name="storedConsent">The status of the consent a sender already recorded under a record id, when there is one; lets the door refuse a withdrawn consent sent again as active before it reaches the log.</param>
public sealed class WritePolicy(
    Func<string, string?> institutionOf,
    Func<string, string, CancellationToken, Task<bool>> holdsGraduate,
    Func<string, string, CancellationToken, Task<ConsentStatus?>>? storedConsent = null)
{
    /// <summary>Stable code of a record the caller may not write.</summary>
    public const string NotOwnRecord = "access.not-own-record";

    /// <summary>Stable code of a consent written by an organisation that is neither a steward nor the subject's own institution.</summary>
    public const string ConsentNotCustodian = "access.consent-not-custodian";

    /// <summary>Stable code of a consent whose grantee covers the organisation that records it.</summary>
    public const string ConsentSelfGrant = "access.consent-self-grant";

    /// <summary>The problem with this caller writing this record, or null when it may.</summary>
    public Problem? Check(ClientIdentity caller, ICanonicalRecord record) => (caller.Role, record) switch
    {
        (PartyRole.University, GraduateRecord graduate) when !OwnInstitution(caller, graduate.InstitutionCode) =>
            NotOwn("/institutionCode", $"institution {graduate.InstitutionCode}", $"学校 {graduate.InstitutionCode}"),
        (PartyRole.Employer, VacancyRecord vacancy) when !Own(caller, vacancy.EmployerCreditCode) =>
            NotOwn("/employerCreditCode", $"employer {vacancy.EmployerCreditCode}", $"单位 {vacancy.EmployerCreditCode}"),
        (PartyRole.Employer, PlacementRecord placement) when !Own(caller, placement.EmployerCreditCode) =>
            NotOwn("/employerCreditCode", $"employer {placement.EmployerCreditCode ?? "(none)"}", $"单位 {placement.EmployerCreditCode ?? "（无）"}"),
        (PartyRole.Bureau, CertificationRecord certification) when !Own(caller, certification.IssuerCreditCode) =>
            NotOwn("/issuerCreditCode", $"issuer {certification.IssuerCreditCode}", $"认定机构 {certification.IssuerCreditCode}"),
        (PartyRole.Bureau, PolicyRecord policy) when !Own(caller, policy.IssuerCreditCode) =>
            NotOwn("/issuerCreditCode", $"issuer {policy.IssuerCreditCode}", $"发布机构 {policy.IssuerCreditCode}"),
        (PartyRole.University or PartyRole.Bureau, ServiceRecord service) when !Own(caller, service.ProviderCreditCode) =>
            NotOwn("/providerCreditCode", $"provider {service.ProviderCreditCode}", $"服务机构 {service.ProviderCreditCode}"),
        _ => null,
    };

    /// <summary>
    /// Every problem with this caller writing this valid record, the consent rules included;
    /// empty when it may. A consent record must also make a grant the access layer can apply, so
    /// that an accepted consent is always one that takes effect.
    /// </summary>
    /// <param name="caller">The writer.</param>
    /// <param name="record">The validated record.</param>
    /// <param name="subjectKey">The subject's linkage key, for records about a subject.</param>
    /// <param name="cancellationToken">Cancels the custody look-up.</param>
    public async ValueTask<IReadOnlyList<Problem>> CheckAsync(ClientIdentity caller, ICanonicalRecord record, string? subjectKey, CancellationToken cancellationToken)
    {
        if (Check(caller, record) is { } notOwn)
            return [notOwn];
        if (record is not ConsentRecord consent)
            return [];
        if (subjectKey is null)
            throw new ArgumentException("A consent record is about a subject; pass its linkage key.", nameof(subjectKey));

        var grant = ConsentGrant.FromRecord((ConsentRecord)consent.WithoutClearIdentifiers(), subjectKey, caller.Organisation);
        if (grant.Grant is null)
            return grant.Problems;
        if (await CheckConsentAsync(caller, grant.Grant, cancellationToken) is { } refused)
            return [refused];
        // Renewed consent is a new consent (PIPL art. 14): refused here, so that the log never holds what the store would refuse.
        if (grant.Grant.Status == ConsentStatus.Active && storedConsent is not null
            && await storedConsent(caller.Organisation, grant.Grant.SourceRecordId, cancellationToken) == ConsentStatus.Withdrawn)
            return [new Problem("/status", ConsentProblemCodes.Reactivation,
                "This consent was withdrawn; renewed consent must be sent as a new consent record.", "该授权已撤回；重新授权须作为新的授权记录提交。")];
        return [];
    }

    /// <summary>
    /// The problem with this caller recording or withdrawing this consent, or null when it may: a
    /// steward may for any subject; a university only for a subject it holds a graduate record of,
    /// and never naming itself (or its own role) as grantee; no other role may.
    /// </summary>
    public async ValueTask<Problem?> CheckConsentAsync(ClientIdentity caller, ConsentGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(grant);
        if (caller.Role == PartyRole.Steward)
            return null;
        if (caller.Role != PartyRole.University || !await holdsGraduate(caller.Organisation, grant.SubjectKey, cancellationToken))
            return new Problem("/residentId", ConsentNotCustodian,
                "Only a steward or the subject's own institution (one that has sent the hub a graduate record of the subject) may record or withdraw the subject's consent.",
                "只有数据管理员或该主体所在院校（已向平台报送该主体毕业生记录的院校）才能记录或撤回其授权。");
        if (grant.Grantee.Covers(caller))
            return new Problem("/grantee", ConsentSelfGrant,
                "An organisation may not record a consent that names itself or its own role as grantee; a steward records such a consent.",
                "机构不得记录以本机构或本机构所属角色为被授权方的授权；此类授权须由数据管理员记录。");
        return null;
    }

    private static bool Own(ClientIdentity caller, string? organisation) =>
        string.Equals(caller.Organisation, organisation, StringComparison.Ordinal);

    private bool OwnInstitution(ClientIdentity caller, string institutionCode) =>
        institutionOf(caller.Organisation) is { } own && string.Equals(own, institutionCode, StringComparison.Ordinal);

    private static Problem NotOwn(string pointer, string what, string whatZh) => new(pointer, NotOwnRecord,
        string.Create(CultureInfo.InvariantCulture, $"This client's organisation may not write records of {what}: each organisation writes only its own."),
        string.Create(CultureInfo.InvariantCulture, $"本机构无权写入{whatZh}的记录：各机构只能写入本机构的数据。"));
}
