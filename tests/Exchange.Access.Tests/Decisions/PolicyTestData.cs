using Exchange.Access.Agreements;
using Exchange.Access.Clients;
using Exchange.Access.Consent;
using Exchange.Access.Decisions;

namespace Exchange.Access.Tests.Decisions;

/// <summary>Builders for agreements, consents and requests in policy tests.</summary>
internal static class PolicyTestData
{
    public const string University = "12100000400000624D";
    public const string EmployerA = "91110000600037341L";
    public const string EmployerB = "91310000MA1FL4CT3X";
    public const string Bureau = "11100000000013338W";
    public const string Matcher = "91440300MA5G0XYZ1K";
    public const string Steward = "11100000MB0143259K";
    public const string Subject = "lk_subject_one";

    public static readonly DateOnly From = new(2026, 1, 1);
    public static readonly DateOnly Through = new(2026, 12, 31);

    /// <summary>Midday in China on 2026-06-15, inside every default validity period.</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.FromHours(8));

    public static readonly DateTimeOffset Recorded = new(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static SubjectHandles Handles { get; } = new([.. Enumerable.Range(1, 32).Select(i => (byte)i)]);

    public static ClientIdentity Caller(PartyRole role, string organisation) => new($"client-{organisation}", organisation, role, new HashSet<string>());

    public static AgreementTerms Terms(Grantee grantee, DataCategory[] categories, Purpose[] purposes, DateOnly? from = null, DateOnly? through = null, string? provider = null) =>
        new(provider, grantee, categories.ToHashSet(), purposes.ToHashSet(), from ?? From, through ?? Through, "Provincial employment department approval 2026-001");

    public static DataSharingAgreement Agreement(
        Grantee grantee, DataCategory[] categories, Purpose[] purposes, DateOnly? from = null, DateOnly? through = null,
        AgreementStatus status = AgreementStatus.Active, string? provider = null, Guid? id = null, int version = 1, DateTimeOffset? recordedAt = null) =>
        new(id ?? Guid.NewGuid(), version, Terms(grantee, categories, purposes, from, through, provider), recordedAt ?? Recorded, "steward-client", status);

    public static ConsentGrant Grant(
        Grantee grantee, DataCategory[] categories, Purpose[] purposes, string subject = Subject, DateOnly? from = null, DateOnly? through = null,
        DateTimeOffset? withdrawnAt = null, DateTimeOffset? givenAt = null, string? recordId = null, string source = University) =>
        new(subject, grantee, purposes.ToHashSet(), categories.ToHashSet(), from ?? From, through ?? Through,
            withdrawnAt is null ? ConsentStatus.Active : ConsentStatus.Withdrawn, givenAt ?? Recorded, withdrawnAt,
            new GrantEvidence("online-click", "click-log/42"), recordId ?? Guid.NewGuid().ToString("N"), source);

    public static AccessRequest Request(ClientIdentity caller, Purpose purpose, DateTimeOffset? at = null, string subject = Subject, params string[] fields) =>
        new(caller, purpose, subject, fields.ToHashSet(StringComparer.Ordinal), at ?? Now);

    public static PolicyDecisionPoint Pdp(IEnumerable<DataSharingAgreement> agreements, IEnumerable<ConsentGrant> consents) =>
        new(PolicySnapshot.Create(agreements, consents), Handles);
}
