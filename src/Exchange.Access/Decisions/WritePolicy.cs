using System.Globalization;
using Exchange.Access.Clients;
using Exchange.Core.Model;
using Exchange.Core.Validation;

namespace Exchange.Access.Decisions;

/// <summary>
/// Who may write which record: the scope <c>records:write:&lt;kind&gt;</c>, and the object-level
/// rules — a university writes only records of its own institution, an employer only its own
/// vacancies and placements, a bureau only certifications and policies it issues. A record that
/// breaks an object-level rule is rejected on its own; the rest of the batch goes on.
/// </summary>
/// <param name="institutionOf">The Ministry of Education institution code of a university organisation (by credit code), when registered.</param>
public sealed class WritePolicy(Func<string, string?> institutionOf)
{
    /// <summary>Stable code of a record the caller may not write.</summary>
    public const string NotOwnRecord = "access.not-own-record";

    /// <summary>True when the call may write records of this kind at all.</summary>
    public static bool MayWrite(ClientIdentity caller, RecordKind kind) => caller.Has(Scopes.RecordsWrite(kind));

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

    private static bool Own(ClientIdentity caller, string? organisation) =>
        string.Equals(caller.Organisation, organisation, StringComparison.Ordinal);

    private bool OwnInstitution(ClientIdentity caller, string institutionCode) =>
        institutionOf(caller.Organisation) is { } own && string.Equals(own, institutionCode, StringComparison.Ordinal);

    private static Problem NotOwn(string pointer, string what, string whatZh) => new(pointer, NotOwnRecord,
        string.Create(CultureInfo.InvariantCulture, $"This client's organisation may not write records of {what}: each organisation writes only its own."),
        string.Create(CultureInfo.InvariantCulture, $"本机构无权写入{whatZh}的记录：各机构只能写入本机构的数据。"));
}
