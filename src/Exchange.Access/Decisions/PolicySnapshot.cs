using Exchange.Access.Agreements;
using Exchange.Access.Consent;

namespace Exchange.Access.Decisions;

/// <summary>
/// An immutable, in-memory view of every agreement version and every consent, indexed for the
/// decision point: agreements by id (all versions, so any instant can be judged), consents by
/// subject key. Categories and purposes are pre-computed as bit masks so a decision costs a few
/// passes over small arrays.
/// </summary>
public sealed class PolicySnapshot
{
    private static readonly IReadOnlyDictionary<string, ConsentEntry[]> NoConsents = new Dictionary<string, ConsentEntry[]>();

    private PolicySnapshot(AgreementEntry[][] agreements, IReadOnlyDictionary<string, ConsentEntry[]> consents, int consentCount)
    {
        Agreements = agreements;
        Consents = consents;
        ConsentCount = consentCount;
    }

    /// <summary>A snapshot with nothing in it: every read is denied.</summary>
    public static PolicySnapshot Empty { get; } = new([], NoConsents, 0);

    /// <summary>Number of agreements (not versions).</summary>
    public int AgreementCount => Agreements.Length;

    /// <summary>Number of consents.</summary>
    public int ConsentCount { get; }

    /// <summary>Versions of each agreement, oldest first.</summary>
    internal AgreementEntry[][] Agreements { get; }

    internal IReadOnlyDictionary<string, ConsentEntry[]> Consents { get; }

    /// <summary>Builds a snapshot from agreement versions (any order) and consents.</summary>
    public static PolicySnapshot Create(IEnumerable<DataSharingAgreement> agreementVersions, IEnumerable<ConsentGrant> consents)
    {
        var agreements = agreementVersions
            .GroupBy(a => a.Id)
            .Select(g => g.OrderBy(a => a.Version).Select(a => new AgreementEntry(a)).ToArray())
            .ToArray();
        var count = 0;
        var bySubject = new Dictionary<string, List<ConsentEntry>>(StringComparer.Ordinal);
        foreach (var consent in consents)
        {
            if (!bySubject.TryGetValue(consent.SubjectKey, out var list))
            {
                bySubject[consent.SubjectKey] = list = [];
            }

            list.Add(new ConsentEntry(consent));
            count++;
        }

        return new PolicySnapshot(agreements, bySubject.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal), count);
    }

    internal ConsentEntry[] ConsentsOf(string subjectKey) => Consents.TryGetValue(subjectKey, out var entries) ? entries : [];

    internal static int Bit(DataCategory category) => 1 << (int)category;

    internal static int Bit(Purpose purpose) => 1 << (int)purpose;

    // Entries copy the fields a decision reads into flat fields: a decision visits every agreement.
    internal sealed class AgreementEntry(DataSharingAgreement agreement)
    {
        public DataSharingAgreement Agreement { get; } = agreement;
        public Grantee Grantee { get; } = agreement.Terms.Grantee;
        public string? Provider { get; } = agreement.Terms.ProviderOrganisation;
        public DateOnly ValidFrom { get; } = agreement.Terms.ValidFrom;
        public DateOnly ValidThrough { get; } = agreement.Terms.ValidThrough;
        public DateTimeOffset RecordedAt { get; } = agreement.RecordedAt;
        public bool Revoked { get; } = agreement.Status == AgreementStatus.Revoked;
        public int Categories { get; } = agreement.Terms.Categories.Aggregate(0, (mask, c) => mask | Bit(c));
        public int Purposes { get; } = agreement.Terms.Purposes.Aggregate(0, (mask, p) => mask | Bit(p));
        public LegalBasisType BasisType { get; } = agreement.Terms.LegalBasisType;
    }

    internal sealed class ConsentEntry(ConsentGrant grant)
    {
        public ConsentGrant Grant { get; } = grant;
        public Grantee Grantee { get; } = grant.Grantee;
        public DateOnly ValidFrom { get; } = grant.ValidFrom;
        public DateOnly ValidThrough { get; } = grant.ValidThrough;
        public DateTimeOffset GivenAt { get; } = grant.GivenAt;
        public bool Withdrawn { get; } = grant.Status == ConsentStatus.Withdrawn;
        public DateTimeOffset? WithdrawnAt { get; } = grant.WithdrawnAt;
        public int Categories { get; } = grant.Categories.Aggregate(0, (mask, c) => mask | Bit(c));
        public int Purposes { get; } = grant.Purposes.Aggregate(0, (mask, p) => mask | Bit(p));
        public bool IsSeparate { get; } = grant.IsSeparate;
    }
}
